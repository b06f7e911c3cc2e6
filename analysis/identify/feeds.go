package identify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// FeedFormat names the layout of a published range feed.
type FeedFormat string

// The feed layouts ParseFeed reads.
const (
	FormatAWS        FeedFormat = "aws"       // ip-ranges.json: prefixes[].ip_prefix, service, region; createDate
	FormatDatadog    FeedFormat = "datadog"   // sections with prefixes_ipv4/prefixes_ipv6; modified
	FormatGitHub     FeedFormat = "github"    // api.github.com/meta: sections that are lists of CIDRs
	FormatGoogle     FeedFormat = "google"    // cloud.json: prefixes[].ipv4Prefix/ipv6Prefix, scope; creationTime
	FormatText       FeedFormat = "text"      // one CIDR a line (Cloudflare's ips-v4, ips-v6)
	FormatFastly     FeedFormat = "fastly"    // public-ip-list: addresses, ipv6_addresses
	FormatAtlassian  FeedFormat = "atlassian" // ip-ranges.atlassian.com: items[].cidr, product; creationDate
	sectionAllRanges            = "ranges"    // section of feeds that have none
	awsDateLayout               = "2006-01-02-15-04-05"
)

// Feed is one published list of address ranges: where it is downloaded
// from, how it is laid out, and the vendor its prefixes are labelled with
// (AWS feeds are labelled by service and Region instead).
type Feed struct {
	Name   string     // cache file name and --feed/--only key: aws, datadog, cloudflare-v4
	Vendor string     // label: vendor:NAME; empty for FormatAWS
	URL    string     // where ranges update downloads it
	Format FeedFormat // how it is parsed
}

// DefaultFeeds are the feeds `aclprobe ranges update` downloads, in order.
var DefaultFeeds = []Feed{
	{Name: "aws", URL: "https://ip-ranges.amazonaws.com/ip-ranges.json", Format: FormatAWS},
	{Name: "datadog", Vendor: "datadog", URL: "https://ip-ranges.datadoghq.com/", Format: FormatDatadog},
	{Name: "github", Vendor: "github", URL: "https://api.github.com/meta", Format: FormatGitHub},
	{Name: "google", Vendor: "google", URL: "https://www.gstatic.com/ipranges/cloud.json", Format: FormatGoogle},
	{Name: "cloudflare-v4", Vendor: "cloudflare", URL: "https://www.cloudflare.com/ips-v4", Format: FormatText},
	{Name: "cloudflare-v6", Vendor: "cloudflare", URL: "https://www.cloudflare.com/ips-v6", Format: FormatText},
	{Name: "fastly", Vendor: "fastly", URL: "https://api.fastly.com/public-ip-list", Format: FormatFastly},
	{Name: "atlassian", Vendor: "atlassian", URL: "https://ip-ranges.atlassian.com/", Format: FormatAtlassian},
}

// FeedEntry is one prefix of a feed and what the feed says of it: the
// AWS service and Region, or the vendor's section (product, scope).
type FeedEntry struct {
	Prefix  netip.Prefix
	Section string
	Region  string // AWS only
}

// ParsedFeed is a feed's content in the common range model.
type ParsedFeed struct {
	Date    time.Time // the feed's own date (createDate, creationTime, modified); zero when it has none
	Entries []FeedEntry
}

// ParseFeed reads data in format. It fails on malformed content and on a
// feed without a single prefix (an error page served with status 200).
func ParseFeed(format FeedFormat, data []byte) (ParsedFeed, error) {
	var p ParsedFeed
	var err error
	switch format {
	case FormatAWS:
		p, err = parseAWSFeed(data)
	case FormatDatadog:
		p, err = parseDatadogFeed(data)
	case FormatGitHub:
		p, err = parseGitHubFeed(data)
	case FormatGoogle:
		p, err = parseGoogleFeed(data)
	case FormatText:
		p, err = parseTextFeed(data)
	case FormatFastly:
		p, err = parseFastlyFeed(data)
	case FormatAtlassian:
		p, err = parseAtlassianFeed(data)
	default:
		return p, fmt.Errorf("unknown feed format %q", format)
	}
	if err == nil && len(p.Entries) == 0 {
		err = fmt.Errorf("no prefixes: not a %s feed", format)
	}
	return p, err
}

// decodeJSON decodes data into v, naming the format in the error.
func decodeJSON(format FeedFormat, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %s feed: %w", format, err)
	}
	return nil
}

// appendPrefixes parses each CIDR of list into entries of section
// (sectionAllRanges when the feed names none).
func appendPrefixes(out []FeedEntry, section, region string, list ...string) ([]FeedEntry, error) {
	if section == "" {
		section = sectionAllRanges
	}
	for _, s := range list {
		p, err := parseCIDR(s)
		if err != nil {
			return out, fmt.Errorf("%s: prefix %q: %w", section, s, err)
		}
		out = append(out, FeedEntry{Prefix: p, Section: section, Region: region})
	}
	return out, nil
}

// parseCIDR parses a prefix, or a bare address as its host prefix.
func parseCIDR(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	return netip.ParsePrefix(s)
}

func parseAWSFeed(data []byte) (ParsedFeed, error) {
	var doc struct {
		CreateDate string `json:"createDate"`
		awsIPRanges
	}
	if err := decodeJSON(FormatAWS, data, &doc); err != nil {
		return ParsedFeed{}, err
	}
	var p ParsedFeed
	p.Date = parseFeedDate(doc.CreateDate)
	var err error
	for _, e := range doc.Prefixes {
		if p.Entries, err = appendPrefixes(p.Entries, e.Service, e.Region, e.IPPrefix); err != nil {
			return p, err
		}
	}
	for _, e := range doc.IPv6Prefixes {
		if p.Entries, err = appendPrefixes(p.Entries, e.Service, e.Region, e.IPv6Prefix); err != nil {
			return p, err
		}
	}
	return p, nil
}

func parseDatadogFeed(data []byte) (ParsedFeed, error) {
	var doc map[string]json.RawMessage
	if err := decodeJSON(FormatDatadog, data, &doc); err != nil {
		return ParsedFeed{}, err
	}
	var p ParsedFeed
	var modified string
	if json.Unmarshal(doc["modified"], &modified) == nil {
		p.Date = parseFeedDate(modified)
	}
	var err error
	for _, section := range sortedKeys(doc) {
		var sec vendorSection
		if json.Unmarshal(doc[section], &sec) != nil {
			continue
		}
		if p.Entries, err = appendPrefixes(p.Entries, section, "", slices.Concat(sec.PrefixesIPv4, sec.PrefixesIPv6)...); err != nil {
			return p, err
		}
	}
	return p, nil
}

// parseGitHubFeed reads api.github.com/meta: every top-level key whose
// value is a list of strings (hooks, web, api, git, actions, ...) is a
// section; other keys (ssh_keys, domains, ...) are skipped, and so are
// lists that hold no CIDR.
func parseGitHubFeed(data []byte) (ParsedFeed, error) {
	var doc map[string]json.RawMessage
	if err := decodeJSON(FormatGitHub, data, &doc); err != nil {
		return ParsedFeed{}, err
	}
	var p ParsedFeed
	for _, section := range sortedKeys(doc) {
		var list []string
		if json.Unmarshal(doc[section], &list) != nil || len(list) == 0 {
			continue
		}
		if _, err := parseCIDR(list[0]); err != nil {
			continue // ssh_keys: strings, but not addresses
		}
		var err error
		if p.Entries, err = appendPrefixes(p.Entries, section, "", list...); err != nil {
			return p, err
		}
	}
	return p, nil
}

func parseGoogleFeed(data []byte) (ParsedFeed, error) {
	var doc struct {
		CreationTime string `json:"creationTime"`
		Prefixes     []struct {
			IPv4  string `json:"ipv4Prefix"`
			IPv6  string `json:"ipv6Prefix"`
			Scope string `json:"scope"`
		} `json:"prefixes"`
	}
	if err := decodeJSON(FormatGoogle, data, &doc); err != nil {
		return ParsedFeed{}, err
	}
	var p ParsedFeed
	p.Date = parseFeedDate(doc.CreationTime)
	for _, e := range doc.Prefixes {
		cidr := e.IPv4 + e.IPv6
		section := e.Scope
		if section == "" {
			section = sectionAllRanges
		}
		var err error
		if p.Entries, err = appendPrefixes(p.Entries, section, "", cidr); err != nil {
			return p, err
		}
	}
	return p, nil
}

// parseTextFeed reads one CIDR a line; blank lines and # comments are
// skipped. HTML (an error page served with status 200) is rejected.
func parseTextFeed(data []byte) (ParsedFeed, error) {
	var p ParsedFeed
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pfx, err := parseCIDR(line)
		if err != nil {
			return p, fmt.Errorf("line %d: %q is not a CIDR", n, truncate(line, 40))
		}
		p.Entries = append(p.Entries, FeedEntry{Prefix: pfx, Section: sectionAllRanges})
	}
	return p, sc.Err()
}

func parseFastlyFeed(data []byte) (ParsedFeed, error) {
	var doc struct {
		Addresses     []string `json:"addresses"`
		IPv6Addresses []string `json:"ipv6_addresses"`
	}
	if err := decodeJSON(FormatFastly, data, &doc); err != nil {
		return ParsedFeed{}, err
	}
	var p ParsedFeed
	var err error
	p.Entries, err = appendPrefixes(nil, sectionAllRanges, "", slices.Concat(doc.Addresses, doc.IPv6Addresses)...)
	return p, err
}

// parseAtlassianFeed reads ip-ranges.atlassian.com: items[].cidr, each in
// a section per product it lists ("ranges" when none).
func parseAtlassianFeed(data []byte) (ParsedFeed, error) {
	var doc struct {
		CreationDate string `json:"creationDate"`
		Items        []struct {
			CIDR    string   `json:"cidr"`
			Product []string `json:"product"`
		} `json:"items"`
	}
	if err := decodeJSON(FormatAtlassian, data, &doc); err != nil {
		return ParsedFeed{}, err
	}
	var p ParsedFeed
	p.Date = parseFeedDate(doc.CreationDate)
	for _, it := range doc.Items {
		products := it.Product
		if len(products) == 0 {
			products = []string{sectionAllRanges}
		}
		for _, prod := range products {
			var err error
			if p.Entries, err = appendPrefixes(p.Entries, prod, "", it.CIDR); err != nil {
				return p, err
			}
		}
	}
	return p, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// parseFeedDate reads the date layouts feeds use (AWS's
// 2025-12-03-21-13-07, RFC 3339, and RFC 3339 without a zone, taken as
// UTC); anything else is the zero time.
func parseFeedDate(s string) time.Time {
	for _, layout := range []string{awsDateLayout, time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
