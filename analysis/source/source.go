// Package source owns what a flow log input is: the
// Source model every reader consumes (a name, a size and a way to open
// the raw bytes), command-line paths expanded into Sources (ExpandLocal:
// files, directories, globs, stdin) and read-only mapping of local files
// (MapFile). S3 objects are Sources too (package s3src). It reads no
// content and imports no other aclprobe package.
package source

import (
	"context"
	"io"
)

// Source is one flow log input: a local file, stdin, or an S3 object.
// Open returns the raw bytes as stored (compressed when Name says so, or
// when the content starts with the gzip magic).
type Source struct {
	Name string // path, "-" for stdin, or s3://bucket/key; used in messages
	Size int64  // bytes, -1 when unknown
	Open func(ctx context.Context) (io.ReadCloser, error)
	// Remote marks a source read over the network (S3): its reading waits
	// on the network more than on the CPU, so more are read at once.
	Remote bool
}
