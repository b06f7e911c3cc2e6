package plan

import (
	"reflect"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

func TestSplitArgv(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string
	}{
		{"plain words", "curl -fsS http://x/health", []string{"curl", "-fsS", "http://x/health"}, ""},
		{"extra spaces and tabs", "  a \t b  ", []string{"a", "b"}, ""},
		{"single quotes keep everything", `sh -c 'echo $HOME "x"'`, []string{"sh", "-c", `echo $HOME "x"`}, ""},
		{"double quotes with escapes", `echo "a \"b\" \$c \d"`, []string{"echo", `a "b" $c \d`}, ""},
		{"backslash outside quotes", `echo a\ b`, []string{"echo", "a b"}, ""},
		{"empty quoted argument", `prog "" x`, []string{"prog", "", "x"}, ""},
		{"adjacent quoted parts join", `a'b'"c"`, []string{"abc"}, ""},
		{"no shell operators", `a | b; c`, []string{"a", "|", "b;", "c"}, ""},
		{"no expansion, no comments", `x $HOME *.go ~ {a,b} # c`, []string{"x", "$HOME", "*.go", "~", "{a,b}", "#", "c"}, ""},
		{"unterminated quote", `echo 'oops`, nil, "unterminated ' quote"},
		{"lone backslash", `echo \`, nil, "lone backslash"},
		{"empty", "   ", nil, "empty command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SplitArgv(tt.in)
			if testenv.WantErr(t, err, tt.wantErr) {
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("SplitArgv(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestShortcutProbes(t *testing.T) {
	probes, err := ShortcutProbes(
		[]string{"https://api.staging.internal/health", "https://api.staging.internal/ready"},
		[]string{"partner.example.com:443"},
		[]string{"api.staging.internal."},
		[]string{"/usr/local/bin/smoke --fast 'two words'"},
	)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range probes {
		names = append(names, p.Name)
	}
	want := []string{"http-api.staging.internal", "http-api.staging.internal-2", "tcp-partner.example.com-443", "dns-api.staging.internal", "cmd-smoke"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names = %q, want %q", names, want)
	}
	if got := probes[4].Command.Argv; !reflect.DeepEqual(got, []string{"/usr/local/bin/smoke", "--fast", "two words"}) {
		t.Errorf("argv = %q", got)
	}
	for _, bad := range [][4][]string{{{"not a url"}}, {nil, {"nohostport"}}, {nil, nil, nil, {"'open"}}} {
		if _, err := ShortcutProbes(bad[0], bad[1], bad[2], bad[3]); err == nil {
			t.Errorf("ShortcutProbes(%q) = nil error", bad)
		}
	}
}
