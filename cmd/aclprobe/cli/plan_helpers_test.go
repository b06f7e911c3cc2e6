package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testFactory is a Factory of real (lazy) AWS clients writing to
// buffers, with a fresh AWS configuration.
func testFactory() (*Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return NewFactory(&IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}), &out, &errOut
}

// dryRunOptions are the options of `run PLAN --dry-run [--offline]` on f.
func dryRunOptions(f *Factory, planPath string, offline bool) *RunOptions {
	o := newRunOptions(f)
	o.PlanPath, o.DryRun, o.Offline = planPath, true, offline
	return o
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
