package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runBinary runs the built aclprobe with args and stdin, and returns its
// output and exit code: what a user's shell sees.
func runBinary(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(aclprobeBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// writeFiles writes name -> content into a new directory and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Two exports of one flow log in different field orders, concatenated on
// stdin (cat a.log b.log | aclprobe analyze -): the second header switches
// the format, so the second record is not read with swapped addresses.
func TestAnalyzeFormatChangeOnStdin(t *testing.T) {
	a := "srcaddr dstaddr srcport dstport packets bytes\n10.0.0.1 203.0.113.7 40000 443 1 100\n"
	b := "dstaddr srcaddr dstport srcport packets bytes\n203.0.113.7 10.0.0.1 443 40001 2 200\n"
	out, errOut, code := runBinary(t, a+b, "analyze", "-", "--by", "srcaddr,dstaddr,dstport", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "srcaddr,dstaddr,dstport,flows,packets,bytes\n10.0.0.1,203.0.113.7,443,2,3,300\n"; out != want {
		t.Errorf("stdout:\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(errOut, `coverage: format changed at -:3: "dstaddr srcaddr dstport srcport packets bytes"`) ||
		strings.Contains(errOut, "malformed") {
		t.Errorf("stderr should note the format change and no malformed line:\n%s", errOut)
	}
}

// A header after a blank line or comments, or behind a byte order mark,
// still sets the format: --strict finds nothing malformed.
func TestAnalyzeHeaderAfterPreamble(t *testing.T) {
	body := "srcaddr dstaddr dstport packets bytes\n10.0.0.1 10.0.0.2 443 1 10\n"
	dir := writeFiles(t, map[string][]byte{
		"blank.log":   []byte("\n" + body),
		"comment.log": []byte("# exported from the console\n" + body),
		"bom.log":     []byte("\ufeff" + body),
	})
	out, errOut, code := runBinary(t, "", "analyze", dir, "--strict", "--by", "srcaddr,dstport", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "srcaddr,dstport,flows,packets,bytes\n10.0.0.1,443,3,3,30\n"; out != want {
		t.Errorf("stdout:\n%s\nwant\n%s", out, want)
	}
}
