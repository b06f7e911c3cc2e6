package source

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

func TestExpandLocal(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a/x.log", "a/b/y.log.gz", "a/notes.md", "a/.hidden/z.log", "c.parquet", "d.json"} {
		path := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names := func(srcs []Source) []string {
		var out []string
		for _, s := range srcs {
			out = append(out, strings.TrimPrefix(s.Name, dir+"/"))
		}
		return out
	}
	tests := []struct {
		name  string
		paths []string
		want  []string
		err   string
	}{
		{"directory, recursive, flow log names only", []string{dir + "/a"}, []string{"a/b/y.log.gz", "a/x.log"}, ""},
		{"named file of any name", []string{dir + "/a/notes.md"}, []string{"a/notes.md"}, ""},
		{"glob", []string{dir + "/*.*"}, []string{"c.parquet", "d.json"}, ""},
		{"stdin", []string{"-"}, []string{"-"}, ""},
		{"stdin twice", []string{"-", "-"}, nil, "twice"},
		{"missing path", []string{dir + "/nope.log"}, nil, "no such file"},
		{"glob matching nothing", []string{dir + "/*.zip"}, nil, "matches no file"},
		{"directory without flow logs", []string{dir + "/a/.hidden/.."}, []string{"a/b/y.log.gz", "a/x.log"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srcs, err := ExpandLocal(tc.paths, strings.NewReader(""))
			if testenv.WantErr(t, err, tc.err) {
				return
			}
			if got := names(srcs); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	empty := t.TempDir()
	if _, err := ExpandLocal([]string{empty}, nil); err == nil || !strings.Contains(err.Error(), "no flow log files") {
		t.Errorf("empty directory: err = %v", err)
	}
}
