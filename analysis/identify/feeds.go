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
	p, err := parseFeed(format, data)
	if err == nil && len(p.Entries) == 0 {
		err = fmt.Errorf("no prefixes: not a %s feed", format)
	}
	return p, err
}

// feedSection is one named list of CIDRs in a feed: an AWS service in a
// Region, a vendor's product or scope ("" when the feed names none).
type feedSection struct {
	name, region string
	cidrs        []string
}

// jsonFeeds decode each JSON feed layout into its date (as the feed
// writes it; see parseFeedDate) and its sections, in the feed's order.
var jsonFeeds = map[FeedFormat]func(data []byte) (date string, secs []feedSection, err error){
	FormatAWS:       awsFeedSections,
	FormatDatadog:   datadogFeedSections,
	FormatGitHub:    githubFeedSections,
	FormatGoogle:    googleFeedSections,
	FormatFastly:    fastlyFeedSections,
	FormatAtlassian: atlassianFeedSections,
}

// parseFeed parses text feeds line by line and JSON feeds through
// jsonFeeds, one entry per CIDR of each section.
func parseFeed(format FeedFormat, data []byte) (ParsedFeed, error) {
	if format == FormatText {
		return parseTextFeed(data)
	}
	decode, ok := jsonFeeds[format]
	if !ok {
		return ParsedFeed{}, fmt.Errorf("unknown feed format %q", format)
	}
	date, secs, err := decode(data)
	if err != nil {
		return ParsedFeed{}, fmt.Errorf("decode %s feed: %w", format, err)
	}
	p := ParsedFeed{Date: parseFeedDate(date)}
	for _, sec := range secs {
		if p.Entries, err = appendPrefixes(p.Entries, sec.name, sec.region, sec.cidrs...); err != nil {
			return p, err
		}
	}
	return p, nil
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

// awsFeedSections reads ip-ranges.json: a section per prefix, its service
// in its Region, IPv4 then IPv6.
func awsFeedSections(data []byte) (string, []feedSection, error) {
	var doc struct {
		CreateDate string `json:"createDate"`
		awsIPRanges
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", nil, err
	}
	var secs []feedSection
	for _, e := range doc.Prefixes {
		secs = append(secs, feedSection{name: e.Service, region: e.Region, cidrs: []string{e.IPPrefix}})
	}
	for _, e := range doc.IPv6Prefixes {
		secs = append(secs, feedSection{name: e.Service, region: e.Region, cidrs: []string{e.IPv6Prefix}})
	}
	return doc.CreateDate, secs, nil
}

// datadogFeedSections reads ip-ranges.datadoghq.com: every top-level key
// whose value has prefixes_ipv4/prefixes_ipv6 is a section, in key order.
func datadogFeedSections(data []byte) (string, []feedSection, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", nil, err
	}
	var modified string
	_ = json.Unmarshal(doc["modified"], &modified) // no date when it is not a string
	var secs []feedSection
	for _, name := range sortedKeys(doc) {
		var sec vendorSection
		if json.Unmarshal(doc[name], &sec) != nil {
			continue
		}
		secs = append(secs, feedSection{name: name, cidrs: slices.Concat(sec.PrefixesIPv4, sec.PrefixesIPv6)})
	}
	return modified, secs, nil
}

// githubFeedSections reads api.github.com/meta: every top-level key whose
// value is a list of strings (hooks, web, api, git, actions, ...) is a
// section; other keys (ssh_keys, domains, ...) are skipped, and so are
// lists that hold no CIDR.
func githubFeedSections(data []byte) (string, []feedSection, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", nil, err
	}
	var secs []feedSection
	for _, name := range sortedKeys(doc) {
		var list []string
		if json.Unmarshal(doc[name], &list) != nil || len(list) == 0 {
			continue
		}
		if _, err := parseCIDR(list[0]); err != nil {
			continue // ssh_keys: strings, but not addresses
		}
		secs = append(secs, feedSection{name: name, cidrs: list})
	}
	return "", secs, nil
}

// googleFeedSections reads cloud.json: a section per prefix, its scope.
func googleFeedSections(data []byte) (string, []feedSection, error) {
	var doc struct {
		CreationTime string `json:"creationTime"`
		Prefixes     []struct {
			IPv4  string `json:"ipv4Prefix"`
			IPv6  string `json:"ipv6Prefix"`
			Scope string `json:"scope"`
		} `json:"prefixes"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", nil, err
	}
	var secs []feedSection
	for _, e := range doc.Prefixes {
		secs = append(secs, feedSection{name: e.Scope, cidrs: []string{e.IPv4 + e.IPv6}})
	}
	return doc.CreationTime, secs, nil
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

// fastlyFeedSections reads public-ip-list: one section of all addresses.
func fastlyFeedSections(data []byte) (string, []feedSection, error) {
	var doc struct {
		Addresses     []string `json:"addresses"`
		IPv6Addresses []string `json:"ipv6_addresses"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", nil, err
	}
	return "", []feedSection{{cidrs: slices.Concat(doc.Addresses, doc.IPv6Addresses)}}, nil
}

// atlassianFeedSections reads ip-ranges.atlassian.com: items[].cidr, each
// in a section per product it lists ("ranges" when none).
func atlassianFeedSections(data []byte) (string, []feedSection, error) {
	var doc struct {
		CreationDate string `json:"creationDate"`
		Items        []struct {
			CIDR    string   `json:"cidr"`
			Product []string `json:"product"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", nil, err
	}
	var secs []feedSection
	for _, it := range doc.Items {
		if len(it.Product) == 0 {
			secs = append(secs, feedSection{cidrs: []string{it.CIDR}})
		}
		for _, prod := range it.Product {
			secs = append(secs, feedSection{name: prod, cidrs: []string{it.CIDR}})
		}
	}
	return doc.CreationDate, secs, nil
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
