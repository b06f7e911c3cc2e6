package analysis

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// memSource is a Source over bytes held in memory.
func memSource(name string, content []byte) source.Source {
	return source.Source{Name: name, Size: int64(len(content)), Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(content)), nil
	}}
}

// textSource is a memSource over a string.
func textSource(name, content string) source.Source { return memSource(name, []byte(content)) }

// aggregate runs q over sources with the local engine and fails the test
// on error.
func aggregate(t *testing.T, opts LocalOptions, q Query, sources ...source.Source) *Result {
	t.Helper()
	res, err := NewLocal(sources, opts).Aggregate(context.Background(), q)
	if err != nil {
		t.Fatalf("Aggregate: %v", err)
	}
	return res
}

// rowStrings renders rows as "key|key|...=flows/packets/bytes" for
// compact comparisons.
func rowStrings(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		var b bytes.Buffer
		for j, k := range r.Keys {
			if j > 0 {
				b.WriteByte('|')
			}
			b.WriteString(k)
		}
		b.WriteString("=")
		b.WriteString(itoa(r.Flows) + "/" + itoa(r.Packets) + "/" + itoa(r.Bytes))
		out[i] = b.String()
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustLayout(names []string) *flowlog.Layout {
	f, err := flowlog.NewLayout(names)
	if err != nil {
		panic(err)
	}
	return f
}
