package identify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// entryStrings renders entries as "prefix section[/region]" for comparison.
func entryStrings(es []FeedEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Prefix.String() + " " + e.Section
		if e.Region != "" {
			out[i] += "/" + e.Region
		}
	}
	return out
}

func TestParseFeedFixtures(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		format FeedFormat
		date   string // RFC 3339, "" for none
		want   []string
	}{
		{"aws ip-ranges", "aws.json", FormatAWS, "2025-12-03T21:13:07Z", []string{
			"3.248.0.0/13 AMAZON/eu-west-1", "52.94.216.0/21 KINESIS/eu-west-1",
			"3.250.0.0/15 EC2/eu-west-1", "2a05:d000::/25 AMAZON/eu-west-1"}},
		{"datadog sections, sorted, empty ones skipped", "datadog.json", FormatDatadog, "2025-11-20T14:00:00Z", []string{
			"3.233.144.0/20 agents", "2600:1f18:24e6:b900::/56 agents",
			"3.233.144.0/20 logs", "34.192.143.1/32 logs", "107.21.15.22/32 logs"}},
		{"github meta: CIDR lists only", "github.json", FormatGitHub, "", []string{
			"140.82.112.0/20 api", "192.30.252.0/22 hooks", "2a0a:a440::/29 hooks",
			"140.82.112.0/20 web", "143.55.64.0/20 web"}},
		{"google cloud scopes", "google.json", FormatGoogle, "2025-12-03T16:05:20.185436Z", []string{
			"34.1.208.0/20 africa-south1", "2600:1900:8000::/44 us-east1", "35.187.0.0/17 europe-west1"}},
		{"cloudflare text v4", "cloudflare-v4.txt", FormatText, "", []string{
			"173.245.48.0/20 ranges", "103.21.244.0/22 ranges", "104.16.0.0/13 ranges"}},
		{"cloudflare text v6", "cloudflare-v6.txt", FormatText, "", []string{
			"2400:cb00::/32 ranges", "2606:4700::/32 ranges"}},
		{"fastly public ip list", "fastly.json", FormatFastly, "", []string{
			"23.235.32.0/20 ranges", "151.101.0.0/16 ranges", "2a04:4e40::/32 ranges"}},
		{"atlassian products", "atlassian.json", FormatAtlassian, "2025-12-01T09:12:44.401385Z", []string{
			"13.52.5.96/28 jira", "13.52.5.96/28 confluence", "185.166.140.0/22 bitbucket", "2401:1d80::/32 ranges"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "feeds", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseFeed(tt.format, data)
			if err != nil {
				t.Fatalf("ParseFeed: %v", err)
			}
			if got := strings.Join(entryStrings(p.Entries), "\n"); got != strings.Join(tt.want, "\n") {
				t.Errorf("entries:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
			var want time.Time
			if tt.date != "" {
				want, _ = time.Parse(time.RFC3339Nano, tt.date)
			}
			if !p.Date.Equal(want) {
				t.Errorf("date %v, want %v", p.Date, want)
			}
		})
	}
}

func TestParseFeedErrors(t *testing.T) {
	tests := []struct {
		name    string
		format  FeedFormat
		data    string
		wantErr string
	}{
		{"html error page as text", FormatText, "<html><body>503</body></html>", `line 1: "<html><body>503</body></html>" is not a CIDR`},
		{"empty text", FormatText, "\n# nothing\n", "no prefixes: not a text feed"},
		{"truncated json", FormatAWS, `{"prefixes": [`, "decode aws feed"},
		{"aws without prefixes", FormatAWS, `{"createDate": "2025-12-03-21-13-07"}`, "no prefixes: not a aws feed"},
		{"bad aws prefix", FormatAWS, `{"prefixes": [{"ip_prefix": "3.248.0.0/33", "service": "S3"}]}`, `S3: prefix "3.248.0.0/33"`},
		{"github json of another api", FormatGitHub, `{"message": "API rate limit exceeded"}`, "no prefixes: not a github feed"},
		{"google bad prefix", FormatGoogle, `{"prefixes": [{"ipv4Prefix": "nope", "scope": "us"}]}`, `us: prefix "nope"`},
		{"fastly not json", FormatFastly, "151.101.0.0/16", "decode fastly feed"},
		{"atlassian no items", FormatAtlassian, `{"items": []}`, "no prefixes: not a atlassian feed"},
		{"unknown format", "xml", "<x/>", `unknown feed format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFeed(tt.format, []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func FuzzParseFeed(f *testing.F) {
	formats := []FeedFormat{FormatAWS, FormatDatadog, FormatGitHub, FormatGoogle, FormatText, FormatFastly, FormatAtlassian}
	paths, _ := filepath.Glob(filepath.Join("testdata", "feeds", "*"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for i := range formats {
			f.Add(uint8(i), data)
		}
	}
	f.Fuzz(func(t *testing.T, format uint8, data []byte) {
		p, err := ParseFeed(formats[int(format)%len(formats)], data)
		if err != nil {
			return
		}
		if len(p.Entries) == 0 {
			t.Fatal("no error and no entries")
		}
		for _, e := range p.Entries {
			if !e.Prefix.IsValid() || e.Section == "" {
				t.Fatalf("invalid entry %+v", e)
			}
		}
	})
}
