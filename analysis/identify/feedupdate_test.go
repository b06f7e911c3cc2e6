package identify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/analysis/identify/identifytest"
)

func statuses(rs []identify.UpdateResult) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Feed.Name+"="+string(r.Status))
	}
	return strings.Join(parts, " ")
}

func TestUpdateConditionalAndBroken(t *testing.T) {
	fs := identifytest.NewFeedServer(t)
	fs.Set("/aws", identifytest.Feed(t, "aws.json"), `"v1"`)
	fs.Set("/datadog", identifytest.Feed(t, "datadog.json"), "")
	fs.Set("/cf4", identifytest.Feed(t, "cloudflare-v4.txt"), `"cf1"`)
	feeds := []identify.Feed{
		{Name: "aws", URL: fs.URL + "/aws", Format: identify.FormatAWS},
		{Name: "datadog", Vendor: "datadog", URL: fs.URL + "/datadog", Format: identify.FormatDatadog},
		{Name: "cloudflare-v4", Vendor: "cloudflare", URL: fs.URL + "/cf4", Format: identify.FormatText},
	}
	dir := t.TempDir()
	clock := time.Date(2025, 12, 4, 9, 0, 0, 0, time.UTC)
	u := &identify.Updater{Dir: dir, Client: fs.Client(), Now: func() time.Time { return clock }}

	rs, err := u.Update(context.Background(), feeds)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(rs), "aws=updated datadog=updated cloudflare-v4=updated"; got != want {
		t.Fatalf("first update: %s, want %s", got, want)
	}
	if m := rs[0].Meta; m.ETag != `"v1"` || m.Prefixes != 4 || !m.FeedDate.Equal(time.Date(2025, 12, 3, 21, 13, 7, 0, time.UTC)) || len(m.SHA256) != 64 {
		t.Errorf("aws meta %+v", m)
	}

	// Second run: the ETag comes back as If-None-Match; 304 keeps the file
	// and moves the fetch time; datadog has no ETag but sends the same body.
	clock = clock.Add(time.Hour)
	fs.Set("/datadog", "", "")
	fs.Break("/datadog", http.StatusBadGateway)
	fs.Set("/cf4", "<html>maintenance</html>", `"cf2"`)
	rs, err = u.Update(context.Background(), feeds)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(rs), "aws=not-modified datadog=failed cloudflare-v4=failed"; got != want {
		t.Fatalf("second update: %s, want %s", got, want)
	}
	if h := fs.Header("/aws"); h.Get("If-None-Match") != `"v1"` || h.Get("If-Modified-Since") == "" {
		t.Errorf("aws conditional headers: %v", h)
	}
	if !rs[0].Meta.FetchedAt.Equal(clock) || rs[0].Meta.ChangedAt.Equal(clock) {
		t.Errorf("304: fetched %v changed %v, want fetched now, changed before", rs[0].Meta.FetchedAt, rs[0].Meta.ChangedAt)
	}
	for _, r := range rs[1:] {
		if r.Err == nil || !strings.Contains(r.Err.Error(), r.Feed.URL) {
			t.Errorf("%s: err %v, want one naming the URL", r.Feed.Name, r.Err)
		}
	}
	if !strings.Contains(rs[1].Err.Error(), "502") || !strings.Contains(rs[2].Err.Error(), "not a CIDR") {
		t.Errorf("errors: %v / %v", rs[1].Err, rs[2].Err)
	}

	// The broken feeds kept their old cache: every feed still loads.
	id, err := identify.New(identify.Options{CacheDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]string{
		"52.94.217.1": "KINESIS (eu-west-1)", "34.192.143.1": "datadog (logs)", "104.16.1.1": "cloudflare (ranges)",
	} {
		if got := id.Identify(context.Background(), netip.MustParseAddr(addr), ""); got.Service != want {
			t.Errorf("%s: %q, want %q", addr, got.Service, want)
		}
	}
	if got := len(id.Feeds()); got != 3 {
		t.Errorf("Feeds: %d, want 3", got)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestUpdateTimeoutKeepsOthers(t *testing.T) {
	fs := identifytest.NewFeedServer(t)
	fs.Set("/fastly", identifytest.Feed(t, "fastly.json"), "")
	fs.Stall("/slow")
	u := &identify.Updater{Dir: t.TempDir(), Client: fs.Client(), Timeout: 50 * time.Millisecond}
	rs, err := u.Update(context.Background(), []identify.Feed{
		{Name: "slow", Vendor: "slow", URL: fs.URL + "/slow", Format: identify.FormatText},
		{Name: "fastly", Vendor: "fastly", URL: fs.URL + "/fastly", Format: identify.FormatFastly},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(rs), "slow=failed fastly=updated"; got != want {
		t.Fatalf("%s, want %s", got, want)
	}
	if !strings.Contains(rs[0].Err.Error(), "deadline exceeded") {
		t.Errorf("slow feed: %v", rs[0].Err)
	}
}

func TestUpdateBadFeedName(t *testing.T) {
	u := &identify.Updater{Dir: t.TempDir()}
	rs, err := u.Update(context.Background(), []identify.Feed{{Name: "../etc", URL: "http://127.0.0.1:1/", Format: identify.FormatText}})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Status != identify.StatusFailed || !strings.Contains(rs[0].Err.Error(), "feed name") {
		t.Fatalf("%+v", rs[0])
	}
}

func TestNewCacheDirMissingIsEmpty(t *testing.T) {
	id, err := identify.New(identify.Options{CacheDir: filepath.Join(t.TempDir(), "none")})
	if err != nil {
		t.Fatal(err)
	}
	if len(id.Feeds()) != 0 {
		t.Fatalf("feeds %v", id.Feeds())
	}
}

func TestFeedMetaStale(t *testing.T) {
	now := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		meta  identify.FeedMeta
		stale bool
	}{
		{"fetched 31 days ago", identify.FeedMeta{FetchedAt: now.AddDate(0, 0, -31)}, true},
		{"old feed date, fetched today", identify.FeedMeta{FeedDate: now.AddDate(0, -6, 0), FetchedAt: now.Add(-time.Hour)}, false},
		{"fetched exactly 30 days ago", identify.FeedMeta{FetchedAt: now.Add(-identify.StaleAfter)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.meta.Stale(now); got != tt.stale {
				t.Fatalf("Stale = %v, want %v", got, tt.stale)
			}
		})
	}
}

// TestUpdateIfModifiedSince covers a feed that sends Last-Modified but no
// ETag: the second run asks with If-Modified-Since and keeps the file on 304,
// and a 304 with nothing cached is an error, not an empty feed.
func TestUpdateIfModifiedSince(t *testing.T) {
	const lastMod = "Wed, 03 Dec 2025 21:13:07 GMT"
	body := identifytest.Feed(t, "google.json")
	var mu sync.Mutex
	var asked string // If-Modified-Since of the last request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = r.Header.Get("If-Modified-Since")
		mu.Unlock()
		if r.URL.Path == "/always304" || r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", lastMod)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	google := identify.Feed{Name: "google", Vendor: "google", URL: srv.URL + "/google", Format: identify.FormatGoogle}
	clock := time.Date(2025, 12, 4, 9, 0, 0, 0, time.UTC)
	u := &identify.Updater{Dir: t.TempDir(), Client: srv.Client(), Now: func() time.Time { return clock }}

	tests := []struct {
		name   string
		feed   identify.Feed
		want   identify.UpdateStatus
		header string // If-Modified-Since the server saw
	}{
		{name: "first fetch stores Last-Modified", feed: google, want: identify.StatusUpdated, header: ""},
		{name: "second fetch is conditional", feed: google, want: identify.StatusNotModified, header: lastMod},
		{name: "304 without a cache fails",
			feed: identify.Feed{Name: "other", Vendor: "other", URL: srv.URL + "/always304", Format: identify.FormatText},
			want: identify.StatusFailed, header: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock = clock.Add(time.Hour)
			rs, err := u.Update(context.Background(), []identify.Feed{tt.feed})
			if err != nil {
				t.Fatal(err)
			}
			if rs[0].Status != tt.want {
				t.Fatalf("status %s (err %v), want %s", rs[0].Status, rs[0].Err, tt.want)
			}
			mu.Lock()
			got := asked
			mu.Unlock()
			if got != tt.header {
				t.Errorf("If-Modified-Since %q, want %q", got, tt.header)
			}
			if tt.want == identify.StatusNotModified && (!rs[0].Meta.FetchedAt.Equal(clock) || rs[0].Meta.LastModified != lastMod) {
				t.Errorf("304 meta: %+v", rs[0].Meta)
			}
		})
	}
}
