//go:build !unix

package analysis

import "os"

// mapFile is not available on this system: files are read through a
// bufio.Reader.
func mapFile(*os.File) ([]byte, func(), bool) { return nil, nil, false }
