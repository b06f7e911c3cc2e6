package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what Check reports.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// setUpdate sets -update for one test (whatever go test was given).
func setUpdate(t *testing.T, v bool) {
	was := *update
	*update = v
	t.Cleanup(func() { *update = was })
}

func TestCheck(t *testing.T) {
	t.Chdir(t.TempDir())
	setUpdate(t, false)
	if err := os.MkdirAll(filepath.Join("testdata", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "sub", "x.golden"), []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  string
		want []string // substrings of the one error; none when equal
	}{
		{name: "equal", got: "a\nb\n"},
		{name: "line differs", got: "a\nc\n", want: []string{
			filepath.Join("testdata", "sub", "x.golden") + " differs",
			"line 2:\n got: \"c\"\nwant: \"b\"\n",
			"--- got\na\nc\n\n--- want\na\nb\n",
		}},
		{name: "output shorter", got: "a\n", want: []string{"line 2:\n got: \"\"\nwant: \"b\""}},
		{name: "no final newline", got: "a\nb", want: []string{"line 3:\n got: (end of output)\nwant: \"\""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, "sub/x.golden", []byte(tc.got))
			if len(tc.want) == 0 {
				if len(r.errors) != 0 {
					t.Fatalf("errors %q, want none", r.errors)
				}
				return
			}
			if len(r.errors) != 1 {
				t.Fatalf("errors %q, want one", r.errors)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.errors[0], w) {
					t.Errorf("error %q lacks %q", r.errors[0], w)
				}
			}
		})
	}
}

func TestCheckLongOutputShowsOnlyFirstDifference(t *testing.T) {
	long := strings.Repeat("same\n", shortLines+1)
	msg := describe([]byte(long+"x\n"), []byte(long+"y\n"))
	if want := fmt.Sprintf("first difference, line %d:\n got: \"x\"\nwant: \"y\"\n", shortLines+2); msg != want {
		t.Errorf("describe = %q, want %q", msg, want)
	}
}

func TestCheckUpdateWrites(t *testing.T) {
	t.Chdir(t.TempDir())
	setUpdate(t, true)
	Check(t, "new/dir/y.golden", []byte("fresh\n"))
	b, err := os.ReadFile(filepath.Join("testdata", "new", "dir", "y.golden"))
	if err != nil || string(b) != "fresh\n" {
		t.Errorf("golden file holds %q, %v; want %q", b, err, "fresh\n")
	}
}
