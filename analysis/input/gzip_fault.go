package input

import (
	"errors"
	"runtime/debug"

	"github.com/aclprobe/aclprobe/analysis/gunzip"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// errTruncatedGzip marks a gzip source that ends before its data does: a
// partial copy, or a file cut by log rotation while it was read.
var errTruncatedGzip = errors.New("truncated gzip")

// errFileShrank is how reading a mapped file that got shorter after it
// was mapped ends: the pages past its new end are gone.
var errFileShrank = errors.New("the file shrank while it was read")

// mappedGzip is gunzip over a mapped file, unmapped on Close. A mapped
// file that shrinks under the decoder (log rotation, a partial copy)
// makes its next read of a lost page fault (SIGBUS); Read turns that
// fault into errFileShrank instead of letting it crash the process.
type mappedGzip struct {
	r        *gunzip.Reader
	m        []byte
	unmap    func()
	released int   // m[:released] given back to the kernel
	err      error // sticky: the fault
}

// releaseStep is how much decoded input mappedGzip lets go at a time, so
// a large file does not stay resident as it is read.
const releaseStep = 2 << 20

// newMappedGzip starts gunzip on the mapped file m; the header is read
// under the same fault protection as the data.
func newMappedGzip(m []byte, unmap func()) (mg *mappedGzip, err error) {
	mg = &mappedGzip{m: m, unmap: unmap}
	if ferr := catchFault(func() { mg.r, err = gunzip.NewReader(m) }); ferr != nil {
		err = ferr
	}
	return mg, err
}

func (m *mappedGzip) Read(p []byte) (n int, err error) {
	if m.err != nil {
		return 0, m.err
	}
	if ferr := catchFault(func() { n, err = m.r.Read(p) }); ferr != nil {
		m.err = ferr
		return 0, ferr
	}
	if off := m.r.InputOffset(); off-m.released >= releaseStep {
		source.Release(m.m, off)
		m.released = off
	}
	return n, err
}

func (m *mappedGzip) Close() error {
	m.unmap()
	return nil
}

// catchFault runs fn with faults on unmapped memory turned into panics,
// and returns errFileShrank for such a panic. Any other panic goes on.
// SetPanicOnFault is per goroutine, so it is restored before returning.
func catchFault(fn func()) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(interface{ Addr() uintptr }); !ok {
				panic(r)
			}
			err = errFileShrank
		}
	}()
	fn()
	return nil
}
