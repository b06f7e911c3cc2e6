//go:build unix

package source

import (
	"os"
	"syscall"
)

// MapFile maps f read-only, for gunzip, which decodes from the whole
// input in memory; the kernel pages the file in as it is read, so it is
// still streamed.
func MapFile(f *os.File) ([]byte, func(), bool) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() <= 0 || int64(int(st.Size())) != st.Size() {
		return nil, nil, false
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return b, func() { syscall.Munmap(b) }, true
}
