package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/analysis/identify/identifytest"
	"github.com/aclprobe/aclprobe/internal/golden"
)

const identifyTestdata = "../../../analysis/identify/testdata/"

// newRangesServer serves the identify package's fixture feeds on
// 127.0.0.1 with ETags.
func newRangesServer(t *testing.T) *identifytest.FeedServer {
	fs := identifytest.NewFeedServer(t)
	fs.Set("/ip-ranges.json", identifytest.Feed(t, "aws.json"), `"aws-1"`)
	fs.Set("/datadog", identifytest.Feed(t, "datadog.json"), `"datadog-1"`)
	fs.Set("/ips-v4", identifytest.Feed(t, "cloudflare-v4.txt"), `"cloudflare-v4-1"`)
	return fs
}

// updateArgs are the arguments of `ranges update` against srv, into dir.
func updateArgs(srv *identifytest.FeedServer, dir string) []string {
	return []string{"ranges", "update", "--cache-dir", dir, "--only", "aws,datadog,cloudflare-v4",
		"--feed", "aws=" + srv.URL + "/ip-ranges.json", "--feed", "datadog=" + srv.URL + "/datadog",
		"--feed", "cloudflare-v4=" + srv.URL + "/ips-v4"}
}

func TestRangesUpdateCommand(t *testing.T) {
	srv := newRangesServer(t)
	dir := filepath.Join(t.TempDir(), "cache")

	out, errOut, code := runRoot(t, updateArgs(srv, dir)...)
	if code != 0 {
		t.Fatalf("first update: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"aws", "datadog", "cloudflare-v4"} {
		if !strings.Contains(out, want+" ") || strings.Count(out, "updated") != 3 {
			t.Fatalf("first update stdout:\n%s", out)
		}
	}

	srv.Break("/datadog", http.StatusInternalServerError)
	out, errOut, code = runRoot(t, updateArgs(srv, dir)...)
	if code != ExitFailure {
		t.Fatalf("broken feed: exit %d, want 1; stderr %s", code, errOut)
	}
	if strings.Count(out, "not-modified") != 2 || !strings.Contains(out, "datadog        failed") {
		t.Errorf("second update stdout:\n%s", out)
	}
	if !strings.Contains(errOut, "feed datadog") || !strings.Contains(errOut, "500") || !strings.Contains(errOut, "is kept") ||
		!strings.Contains(errOut, "1 of 3 feeds failed") {
		t.Errorf("second update stderr:\n%s", errOut)
	}

	out, errOut, code = runRoot(t, "ranges", "status", "--cache-dir", dir)
	if code != 0 || strings.Count(out, "\n") != 4 || !strings.Contains(out, "vendor:datadog") || !strings.Contains(out, srv.URL+"/datadog") {
		t.Errorf("status: exit %d\n%s%s", code, out, errOut)
	}
}

func TestRangesUpdateBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"feed without url", []string{"--feed", "aws"}, "want NAME=URL"},
		{"unknown feed", []string{"--feed", "akamai=http://127.0.0.1:1/"}, `unknown feed "akamai"`},
		{"not http", []string{"--feed", "aws=file:///etc/passwd"}, "http:// or https://"},
		{"unknown only", []string{"--only", "aws,azure"}, `--only "azure"`},
		{"negative timeout", []string{"--timeout", "-1s"}, "--timeout"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cache")
			args := append([]string{"ranges", "update", "--cache-dir", dir}, tc.args...)
			out, errOut, code := runRoot(t, args...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("bad flags created the cache directory (%v)", err)
			}
		})
	}
}

func TestRangesStatusEmpty(t *testing.T) {
	out, errOut, code := runRoot(t, "ranges", "status", "--cache-dir", t.TempDir())
	if code != ExitFailure || out != "" || !strings.Contains(errOut, "run `aclprobe ranges update`") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestAnalyzeIdentifyFromCache(t *testing.T) {
	srv := newRangesServer(t)
	dir := t.TempDir()
	if _, errOut, code := runRoot(t, updateArgs(srv, dir)...); code != 0 {
		t.Fatalf("update: exit %d: %s", code, errOut)
	}
	t.Setenv("ACLPROBE_CACHE_DIR", dir)
	args := []string{"analyze", sampleDir, "--src-cidr", "10.20.0.0/16", "--nat-ip", "10.20.0.10",
		"--by", "dst-endpoint", "--top", "8", "--format", "csv", "--identify"}
	fromCache, errOut, code := runRoot(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "ranges: 3 cached feeds from "+dir+": aws (0m old), cloudflare-v4 (0m old), datadog (0m old)") {
		t.Errorf("stderr lacks the feeds:\n%s", errOut)
	}
	fromFiles, errOut, code := runRoot(t, append(args, "--ip-ranges", identifyTestdata+"feeds/aws.json",
		"--vendor-ranges", "datadog="+identifyTestdata+"feeds/datadog.json")...)
	if code != 0 {
		t.Fatalf("with files: exit %d: %s", code, errOut)
	}
	if fromCache != fromFiles || !strings.Contains(fromCache, "107.21.15.22,59,1816,2031524,datadog (logs),vendor:datadog") ||
		!strings.Contains(fromCache, "52.94.216.17,191,7878,6620865,KINESIS (eu-west-1),ip-ranges") {
		t.Errorf("labels from the cache:\n%s\nfrom the same files:\n%s", fromCache, fromFiles)
	}
	if strings.Contains(errOut, "cached feeds") {
		t.Errorf("file flags should override the cache:\n%s", errOut)
	}
}

func TestAnalyzeIdentifyNoCache(t *testing.T) {
	t.Setenv("ACLPROBE_CACHE_DIR", filepath.Join(t.TempDir(), "none"))
	out, errOut, code := runRoot(t, "analyze", sampleDir, "--by", "dst-endpoint", "--identify")
	if code != ExitFailure || out != "" || !strings.Contains(errOut, "no range feeds cached in") ||
		!strings.Contains(errOut, "run `aclprobe ranges update`") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// ranges status on a cache with one fresh and one stale feed: the table
// on stdout (golden), the stale feed named on stderr.
func TestRangesStatusGolden(t *testing.T) {
	dir := t.TempDir()
	fetched := time.Date(2025, 12, 4, 6, 0, 0, 0, time.UTC)
	metas := []identify.FeedMeta{
		{Name: "aws", URL: "https://ip-ranges.amazonaws.com/ip-ranges.json", Format: identify.FormatAWS, ETag: `"a1"`,
			FetchedAt: fetched, ChangedAt: fetched, FeedDate: time.Date(2025, 12, 3, 21, 13, 7, 0, time.UTC), Prefixes: 16828},
		{Name: "datadog", Vendor: "datadog", URL: "https://ip-ranges.datadoghq.com/", Format: identify.FormatDatadog,
			FetchedAt: fetched.AddDate(0, 0, -45), ChangedAt: fetched.AddDate(0, 0, -45), Prefixes: 412},
	}
	for _, m := range metas {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, m.Name+".meta.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, m.Name+".data"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, out, errOut := testFactory()
	o := &RangesOptions{IO: f.IOStreams, CacheDir: dir, Now: func() time.Time { return fetched.Add(3 * time.Hour) }}
	if err := runRangesStatus(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "ranges/status.out", out.Bytes())
	if want := "warning: range feed datadog was last fetched 45d ago (over 30 days): run `aclprobe ranges update`\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}

func TestReportFeeds(t *testing.T) {
	now := time.Date(2025, 12, 4, 12, 0, 0, 0, time.UTC)
	fresh := identify.FeedMeta{Name: "aws", FetchedAt: now.Add(-26 * time.Hour)}
	stale := identify.FeedMeta{Name: "datadog", FetchedAt: now.AddDate(0, 0, -40)}
	tests := []struct {
		name      string
		opts      analysisOptions
		feeds     []identify.FeedMeta
		wantErr   string
		wantLines []string
	}{
		{"fresh and stale", analysisOptions{}, []identify.FeedMeta{fresh, stale}, "", []string{
			"ranges: 2 cached feeds from /c: aws (26h old), datadog (40d old)",
			"warning: range feed datadog was last fetched 40d ago (over 30 days): run `aclprobe ranges update`"}},
		{"empty cache", analysisOptions{}, nil, "--identify: no range feeds cached in /c: run `aclprobe ranges update`", nil},
		{"empty cache with --rdns", analysisOptions{RDNS: true}, nil, "", []string{
			"warning: --identify: no range feeds cached in /c: run `aclprobe ranges update` (it needs HTTPS to the feeds' sites), or give --ip-ranges/--vendor-ranges; labelling from names only"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var w strings.Builder
			err := tc.opts.reportFeeds(&w, "/c", tc.feeds, now)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || w.Len() != 0 {
					t.Fatalf("err %v, stderr %q; want %q", err, w.String(), tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(tc.wantLines, "\n") {
				t.Errorf("stderr:\n%s\nwant:\n%s", w.String(), strings.Join(tc.wantLines, "\n"))
			}
		})
	}
}
