package athena

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedSQLParses runs every golden statement through a real SQL
// grammar: the queries through Trino's (Athena engine v3 is Trino) and the
// DDL through Hive's (Athena runs DDL with Hive), using dt-sql-parser, an
// ANTLR parser maintained for both dialects. There is no maintained Go
// parser for Trino SQL, so this runs on Node.js; it skips unless the
// parser is installed:
//
//	npm ci --prefix analysis/athena/testdata/sqlparse
//
// The golden tests guarantee the files are what Compile and DDL produce.
func TestGeneratedSQLParses(t *testing.T) {
	dir := filepath.Join("testdata", "sqlparse")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "dt-sql-parser")); err != nil {
		t.Skip("dt-sql-parser not installed: npm ci --prefix analysis/athena/testdata/sqlparse")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found")
	}
	for _, c := range []struct{ dialect, glob string }{{"trino", "sql/*.sql"}, {"hive", "ddl/*.sql"}} {
		files, err := filepath.Glob(filepath.Join("testdata", c.glob))
		if err != nil || len(files) == 0 {
			t.Fatalf("no golden files for %s (%v)", c.glob, err)
		}
		for i, f := range files {
			files[i], _ = filepath.Abs(f)
		}
		cmd := exec.Command(node, append([]string{"--import", "./register.mjs", "check.mjs", c.dialect}, files...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s grammar rejects generated statements: %v\n%s", c.dialect, err, out)
			continue
		}
		if n := strings.Count(string(out), "ok "); n != len(files) {
			t.Errorf("%s: %d of %d files parsed:\n%s", c.dialect, n, len(files), out)
		}
	}
}
