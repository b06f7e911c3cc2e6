package input

import "context"

// Pool hands out at most max chunk buffers at once, so the bytes in
// flight between readers and parsers stay bounded whatever the input size:
// a reader waits for a parser to give one back.
type Pool struct {
	free chan *[]byte
	made chan struct{} // one token per buffer allocated so far
}

func NewPool(max int) *Pool {
	return &Pool{free: make(chan *[]byte, max), made: make(chan struct{}, max)}
}

// Get returns a free buffer, allocating one while fewer than max exist.
func (p *Pool) Get(ctx context.Context) (*[]byte, error) {
	select {
	case b := <-p.free:
		return b, nil
	default:
	}
	select {
	case b := <-p.free:
		return b, nil
	case p.made <- struct{}{}:
		b := make([]byte, ChunkSize)
		return &b, nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// Put gives a buffer back.
func (p *Pool) Put(b *[]byte) {
	if b == nil {
		return
	}
	select {
	case p.free <- b:
	default: // cannot happen: at most max buffers exist
	}
}
