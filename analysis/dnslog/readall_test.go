package dnslog

import (
	"context"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/source"
)

func stringSource(name, content string) source.Source {
	return source.Source{Name: name, Size: int64(len(content)), Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}}
}

// TestReadAll reads several sources: every entry reaches Each (those of a
// truncated gzip read before the break too), the stats add up, the
// malformed examples and bad files follow source order, and with Strict
// the first malformed line is the error.
func TestReadAll(t *testing.T) {
	full := gz(entry("z.example.com", "10.0.0.9", "192.0.2.9") + "\n")
	var srcs []source.Source
	for i := range 12 {
		name := string(rune('a'+i)) + ".log"
		srcs = append(srcs, stringSource(name, entry(name, "10.0.0.1", "192.0.2.1")+"\nbad "+name+"\n"))
	}
	srcs = append(srcs[:3], append([]source.Source{stringSource("cut.gz", full[:len(full)-6])}, srcs[3:]...)...)
	r := &Reader{}
	var names []string
	r.Each = func(q *Query) { names = append(names, q.Name) }
	if err := r.ReadAll(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	s := r.Stats
	wantEx := []string{"a.log:2: not JSON", "b.log:2: not JSON", "c.log:2: not JSON"}
	if s.Files != 13 || s.Queries != 13 || len(names) != 13 || s.Malformed != 12 || !reflect.DeepEqual(s.MalformedExamples, wantEx) ||
		len(s.BadFiles) != 1 || !strings.HasPrefix(s.BadFiles[0], "cut.gz: ") {
		t.Errorf("stats %+v, %d entries", s, len(names))
	}
	strict := &Reader{Strict: true}
	if err := strict.ReadAll(context.Background(), srcs); err == nil || !strings.Contains(err.Error(), "a.log") {
		t.Errorf("strict: %v, want the first source's malformed line", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (&Reader{}).ReadAll(ctx, srcs); err == nil {
		t.Error("cancelled: no error")
	}
}
