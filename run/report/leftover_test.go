package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/run"
)

// A run whose lease tag could not be released shows it under "Left
// undone", with the command that releases it, in every format.
func TestReportShowsLeaseTagLeftUndone(t *testing.T) {
	in := loadFixture(t, "clean")
	exp := time.Date(2026, 11, 21, 11, 30, 0, 0, time.UTC)
	cmd := "aclprobe recover --acl " + in.Results.ACL + " --region " + in.Results.Region
	in.Results.Leftovers = []run.Leftover{{Kind: run.LeftoverLeaseTag, ACL: in.Results.ACL, Tag: "aclprobe:lease",
		TagValue: "run=r owner=o expires=2026-11-21T11:30:00Z", Expires: &exp, Command: cmd}}
	what := "lease tag aclprobe:lease on " + in.Results.ACL + " (other runs are refused until 2026-11-21T11:30:00Z)"
	tests := []struct {
		format string
		want   []string
	}{
		{FormatMarkdown, []string{
			"CHANGES LEFT IN PLACE: the lease tag is still on the ACL",
			"| Left undone | ⛔ **the lease tag still in place** (see below) |",
			"### ⛔ Left undone",
			"the lease tag refuses every other run on it until it expires",
			"```sh\n# " + what + "\n" + cmd + "\n```",
		}},
		{FormatHTML, []string{
			"CHANGES LEFT IN PLACE: the lease tag is still on the ACL",
			"⚠ the lease tag still in place (see below)",
			"<pre><code># " + what + "\n" + cmd + "\n</code></pre>",
		}},
		{FormatJSON, []string{`"kind": "lease-tag"`, `"command": "` + cmd + `"`, `"expires": "2026-11-21T11:30:00Z"`}},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, in, tc.format); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("%s report lacks %q", tc.format, w)
				}
			}
		})
	}
}

func TestLeftoverSummary(t *testing.T) {
	entry := run.Leftover{Kind: run.LeftoverDenyEntry}
	lease := run.Leftover{Kind: run.LeftoverLeaseTag}
	tests := []struct {
		name string
		in   []run.Leftover
		want string
	}{
		{"one entry", []run.Leftover{entry}, "1 deny entry is"},
		{"two entries", []run.Leftover{entry, entry}, "2 deny entries are"},
		{"the lease", []run.Leftover{lease}, "the lease tag is"},
		{"both", []run.Leftover{entry, lease}, "1 deny entry and the lease tag are"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := leftoverSummary(tc.in); got != tc.want {
				t.Fatalf("leftoverSummary = %q, want %q", got, tc.want)
			}
		})
	}
}
