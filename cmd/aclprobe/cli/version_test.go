package cli

import (
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name     string
		override string
		bi       *debug.BuildInfo
		want     string
	}{
		{"go install of a release", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			"v1.4.0 (commit unknown) go1.26.8"},
		{"a clean checkout", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.1-0.20261121100000-97f6051abcde"},
			Settings: vcs("vcs", "git", "vcs.revision", "97f6051abcde0123456789abcdef0123456789ab", "vcs.time", "2026-11-21T10:00:00Z", "vcs.modified", "false")},
			"v1.4.1-0.20261121100000-97f6051abcde (commit 97f6051abcde0123456789abcdef0123456789ab, 2026-11-21T10:00:00Z) go1.26.8"},
		{"uncommitted changes", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "97f6051abcde", "vcs.time", "2026-11-21T10:00:00Z", "vcs.modified", "true")},
			"(devel) (commit 97f6051abcde, 2026-11-21T10:00:00Z, modified) go1.26.8"},
		{"set with -ldflags -X", "v2.0.0", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "abc")},
			"v2.0.0 (commit abc) go1.26.8"},
		{"no build information", "", nil, "(devel) (commit unknown) " + runtime.Version()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := versionString(tc.override, tc.bi)
			if want := tc.want + " " + runtime.GOOS + "/" + runtime.GOARCH; got != want {
				t.Fatalf("versionString = %q, want %q", got, want)
			}
		})
	}
}

// `aclprobe version` and `aclprobe --version` print the same line, from
// the binary's real build information: the same module version and VCS
// revision that `go version -m` reads from it, never "dev".
func TestBinaryVersion(t *testing.T) {
	bin := aclprobeBinary(t)
	out, errOut, code := runBinary(t, nil, "version")
	if code != 0 {
		t.Fatalf("version: exit %d: %s", code, errOut)
	}
	flagOut, errOut, code := runBinary(t, nil, "--version")
	if code != 0 || flagOut != out {
		t.Fatalf("--version: exit %d, %q (stderr %q); want %q", code, flagOut, errOut, out)
	}
	if !strings.HasPrefix(out, "aclprobe ") || strings.Contains(out, "dev ") || !strings.Contains(out, runtime.Version()) {
		t.Fatalf("version = %q", out)
	}
	m, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(m), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/aclprobe/aclprobe":
			if !strings.HasPrefix(out, "aclprobe "+f[2]+" ") {
				t.Errorf("version %q lacks the module version %s", out, f[2])
			}
		case len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs.revision="):
			if rev := strings.TrimPrefix(f[1], "vcs.revision="); !strings.Contains(out, "commit "+rev) {
				t.Errorf("version %q lacks the revision %s", out, rev)
			}
		}
	}
}
