package input

import "github.com/aclprobe/aclprobe/analysis/flowlog"

// ChunkSize is the size of a chunk buffer: large enough that per-chunk
// costs vanish, small enough that a few per worker stay cheap.
const ChunkSize = 256 << 10

// Chunk is a run of whole lines of one source, in one layout: what a
// Reader hands to a parser. Whoever receives it owns Buf and gives it
// back to the Pool when done with Data.
type Chunk struct {
	Source int             // index of the source, for ordering examples
	Name   string          // the source's name, for messages
	Layout *flowlog.Layout // the layout of every line in Data
	Line   int64           // the number of Data's first line in the source
	Data   []byte          // whole lines, each ending with '\n'
	Buf    *[]byte         // the pooled buffer Data lives in
}
