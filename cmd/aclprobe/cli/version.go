package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Version, when set at build time with
// -ldflags "-X github.com/aclprobe/aclprobe/cmd/aclprobe/cli.Version=v1.2.3",
// replaces the module version from the build information.
var Version = ""

// VersionOptions are the inputs of `aclprobe version`.
type VersionOptions struct {
	IO *IO
}

// NewCmdVersion builds `aclprobe version` on f. runF, when not nil, is
// called instead of printing the version.
func NewCmdVersion(f *Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: f.IOStreams}
	return &cobra.Command{
		Use:   "version",
		Short: "Print the aclprobe version",
		Long: `Print the version from the binary's build information: the module version
(a release tag for go install ...@v1.2.3, a pseudo-version or (devel) for a
local build), the VCS commit, its time and "modified" when built with
uncommitted changes, and the Go version and platform. Same as --version.`,
		Example: "  aclprobe version\n  aclprobe --version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runVersion(cmd.Context(), opts)
		},
	}
}

// runVersion prints the running binary's version on stdout.
func runVersion(_ context.Context, opts *VersionOptions) error {
	_, err := fmt.Fprintf(opts.IO.Out, "aclprobe %s\n", currentVersion())
	return err
}

// currentVersion describes the running binary.
func currentVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return versionString(Version, bi)
}

// versionString formats override (or bi's module version), bi's VCS
// settings and the Go version on one line, e.g.
// "v1.4.0 (commit 97f6051abcde..., 2026-11-21T10:00:00Z, modified) go1.26.8 linux/amd64".
// bi may be nil (no build information).
func versionString(override string, bi *debug.BuildInfo) string {
	version, goVersion := "(devel)", runtime.Version()
	var rev, when string
	modified := false
	if bi != nil {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if override != "" {
		version = override
	}
	vcs := []string{"commit unknown"}
	if rev != "" {
		vcs = []string{"commit " + rev}
		if when != "" {
			vcs = append(vcs, when)
		}
		if modified {
			vcs = append(vcs, "modified")
		}
	}
	return fmt.Sprintf("%s (%s) %s %s/%s", version, strings.Join(vcs, ", "), goVersion, runtime.GOOS, runtime.GOARCH)
}
