package cli

import (
	"strings"
	"testing"
)

// A typo in a subcommand must fail (exit 1) with a suggestion at every
// level, so `aclprobe plan valdiate p.yaml && aclprobe run p.yaml --yes`
// stops at the typo; a bare command group still prints its help.
func TestBinaryUnknownSubcommand(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string // substring of stderr
		wantOut  string // substring of stdout
	}{
		{"typo under plan", []string{"plan", "valdiate", examplePlan}, ExitFailure,
			`unknown command "valdiate" for "aclprobe plan"; did you mean validate?`, ""},
		{"typo under athena", []string{"athena", "dll"}, ExitFailure, `unknown command "dll" for "aclprobe athena"; did you mean ddl?`, ""},
		{"typo at the root", []string{"anlyze", "x.log"}, ExitFailure, `unknown command "anlyze" for "aclprobe"; did you mean analyze?`, ""},
		{"typo under completion", []string{"completion", "bahs"}, ExitFailure, `unknown command "bahs" for "aclprobe completion"; did you mean bash?`, ""},
		{"several suggestions", []string{"completion", "bsh"}, ExitFailure, `did you mean bash, fish or zsh?`, ""},
		{"nothing like it", []string{"plan", "frobnicate"}, ExitFailure, `unknown command "frobnicate" for "aclprobe plan" (see 'aclprobe plan --help')`, ""},
		{"help with a typo", []string{"help", "anlyze"}, ExitFailure, `unknown command "anlyze" for "aclprobe"; did you mean analyze?`, ""},
		{"help with a nested typo", []string{"help", "plan", "valdiate"}, ExitFailure,
			`unknown command "valdiate" for "aclprobe plan"; did you mean validate?`, ""},
		{"help of a nested command", []string{"help", "plan", "validate"}, ExitOK, "", "aclprobe plan validate"},
		{"bare help prints the root's help", []string{"help"}, ExitOK, "", "aclprobe [command]"},
		{"bare group prints help", []string{"plan"}, ExitOK, "", "aclprobe plan [command]"},
		{"bare root prints help", nil, ExitOK, "", "aclprobe [command]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runBinary(t, nil, tc.args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, tc.wantCode, out, errOut)
			}
			if !strings.Contains(errOut, tc.wantErr) || !strings.Contains(out, tc.wantOut) {
				t.Fatalf("stdout %q, stderr %q; want %q on stdout and %q on stderr", out, errOut, tc.wantOut, tc.wantErr)
			}
			if tc.wantCode != ExitOK && out != "" {
				t.Errorf("stdout should stay empty on error, got %q", out)
			}
		})
	}
}
