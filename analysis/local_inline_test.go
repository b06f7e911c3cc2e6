package analysis

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/internal/natgen"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// TestInlineParsingMatchesParsers runs the same sources with few workers
// (enough sources per worker: each reader parses its own chunks) and with
// many (separate parsing goroutines) and wants the same Result, malformed
// examples included, and in strict mode the same unwrapped error.
func TestInlineParsingMatchesParsers(t *testing.T) {
	var sources []source.Source
	for i := range 2 * inlineSourcesPerWorker {
		data := natgen.Bytes(t, 2000, int64(i+1))
		if i%3 == 1 {
			data = append(data, "5 123456789012 eni-bad 10.0.1.1 10.0.100.10 x 53 6 1 1 1 1 ACCEPT OK 3 - - - - -\n"...)
		}
		sources = append(sources, memSource(fmt.Sprintf("f%d.log", i), data))
	}
	q := natQuery()
	tests := []struct {
		name   string
		strict bool
	}{
		{"lenient", false},
		{"strict", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inline, errInline := NewLocal(sources, LocalOptions{Workers: 2, Strict: tt.strict}).Aggregate(context.Background(), q)
			parsers, errParsers := NewLocal(sources, LocalOptions{Workers: 3, Strict: tt.strict}).Aggregate(context.Background(), q)
			if tt.strict {
				var me *MalformedError
				if !errors.As(errInline, &me) || !errors.As(errParsers, &me) {
					t.Fatalf("errors %v and %v, want *MalformedError from both", errInline, errParsers)
				}
				if _, ok := errInline.(*MalformedError); !ok {
					t.Errorf("inline error %q is wrapped, want the parser's error as is", errInline)
				}
				return
			}
			if errInline != nil || errParsers != nil {
				t.Fatalf("errors %v, %v", errInline, errParsers)
			}
			if inline.Coverage.Malformed == 0 || len(inline.Rows) == 0 {
				t.Fatalf("coverage %+v, %d rows: the fixture should have malformed lines and rows", inline.Coverage, len(inline.Rows))
			}
			if !reflect.DeepEqual(inline, parsers) {
				t.Errorf("inline parsing gave\n%+v\nseparate parsers gave\n%+v", inline, parsers)
			}
		})
	}
}
