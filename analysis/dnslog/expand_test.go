package dnslog

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/s3src"
)

func TestSources(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.log.gz", "b.jsonl", "c.json", "notes.txt", ".hidden.log", "sub/d.log", ".git/e.log"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	noS3 := func(context.Context) (s3src.API, error) { return nil, errors.New("no S3 in this test") }
	tests := []struct {
		name    string
		values  []string
		want    []string // relative to dir
		wantErr string
	}{
		{name: "directory: query log suffixes, sorted, hidden skipped", values: []string{dir},
			want: []string{"a.log.gz", "b.jsonl", "c.json", "sub/d.log"}},
		{name: "a named file whatever its name", values: []string{filepath.Join(dir, "notes.txt")}, want: []string{"notes.txt"}},
		{name: "glob", values: []string{filepath.Join(dir, "*.json*")}, want: []string{"b.jsonl", "c.json"}},
		{name: "order of the values kept", values: []string{filepath.Join(dir, "c.json"), filepath.Join(dir, "a.log.gz")}, want: []string{"c.json", "a.log.gz"}},
		{name: "missing", values: []string{filepath.Join(dir, "nope")}, wantErr: "no such file"},
		{name: "glob without match", values: []string{filepath.Join(dir, "*.parquet")}, wantErr: "matches no file"},
		{name: "directory without query logs", values: []string{filepath.Join(dir, "empty")}, wantErr: "no query log files"},
		{name: "stdin", values: []string{"-"}, wantErr: "stdin is not supported"},
		{name: "s3 needs a client", values: []string{"s3://bucket/AWSLogs/"}, wantErr: "no S3 in this test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := Sources(context.Background(), tt.values, noS3)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "--dns-logs ") {
					t.Fatalf("err %v, want --dns-logs VALUE: ...%s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range srcs {
				rel, _ := filepath.Rel(dir, s.Name)
				got = append(got, filepath.ToSlash(rel))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sources %v, want %v", got, tt.want)
			}
		})
	}
}
