package source

import (
	"os"
	"syscall"
)

// Release tells the kernel that the first n bytes of m, a mapping from
// MapFile, will not be read again, so their pages stop counting in the
// process's resident memory (a mapping otherwise holds every page read
// until it is unmapped). Reading them anyway is still correct: they are
// read back from the file.
func Release(m []byte, n int) {
	n &^= os.Getpagesize() - 1
	if n > 0 && n <= len(m) {
		syscall.Madvise(m[:n], syscall.MADV_DONTNEED)
	}
}
