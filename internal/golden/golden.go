// Package golden compares rendered output (previews, reports, tables,
// generated plans and SQL) with golden files under a package's testdata
// directory, and rewrites them when the tests run with -update:
//
//	go test ./... -update
//
// It registers the -update flag, once per test binary, so a package that
// uses it must not define its own. Like internal/testenv it is test-only:
// it is imported only from _test.go files, never by aclprobe itself.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// shortLines is the length, in lines, up to which a mismatch report
// shows the whole output and golden file, not just the first difference.
const shortLines = 60

// Check compares got with the golden file testdata/name (name uses
// slashes), relative to the test's package directory. With -update it
// writes got to that file instead, creating its directory.
func Check(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (check the diff, then go test -update rewrites it):\n%s", path, describe(got, want))
	}
}

// describe shows the first line where got and want differ and, when both
// are short, both in full.
func describe(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	line := func(l []string, i int, end string) string {
		if i < len(l) {
			return fmt.Sprintf("%q", l[i])
		}
		return end
	}
	var b strings.Builder
	for i := 0; i < len(g) || i < len(w); i++ {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			fmt.Fprintf(&b, "first difference, line %d:\n got: %s\nwant: %s\n",
				i+1, line(g, i, "(end of output)"), line(w, i, "(end of file)"))
			break
		}
	}
	if len(g) <= shortLines && len(w) <= shortLines {
		fmt.Fprintf(&b, "--- got\n%s\n--- want\n%s", got, want)
	}
	return b.String()
}
