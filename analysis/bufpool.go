package analysis

import "context"

// chunkSize is the size of a chunk buffer: large enough that per-chunk
// costs vanish, small enough that a few per worker stay cheap.
const chunkSize = 256 << 10

// bufPool hands out at most max chunk buffers at once, so the bytes in
// flight between readers and parsers stay bounded whatever the input size:
// a reader waits for a parser to give one back.
type bufPool struct {
	free chan *[]byte
	made chan struct{} // one token per buffer allocated so far
}

func newBufPool(max int) *bufPool {
	return &bufPool{free: make(chan *[]byte, max), made: make(chan struct{}, max)}
}

// get returns a free buffer, allocating one while fewer than max exist.
func (p *bufPool) get(ctx context.Context) (*[]byte, error) {
	select {
	case b := <-p.free:
		return b, nil
	default:
	}
	select {
	case b := <-p.free:
		return b, nil
	case p.made <- struct{}{}:
		b := make([]byte, chunkSize)
		return &b, nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// put gives a buffer back.
func (p *bufPool) put(b *[]byte) {
	if b == nil {
		return
	}
	select {
	case p.free <- b:
	default: // cannot happen: at most max buffers exist
	}
}
