//go:build !unix

package source

import "os"

// MapFile is not available on this system: files are read through a
// bufio.Reader.
func MapFile(*os.File) ([]byte, func(), bool) { return nil, nil, false }
