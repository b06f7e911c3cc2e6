package identify

import (
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"strings"
)

// amazonService is ip-ranges.json's catch-all: every AWS address is in an
// AMAZON prefix, so it only labels addresses nothing more specific names.
const amazonService = "AMAZON"

// genericService is named next to the specific service on many prefixes
// (EC2 and S3 on the same /22): on the same prefix the other one wins.
const genericService = "EC2"

// rangeInfo is what one prefix says about the addresses inside it: AWS
// services of one region, or sections of one vendor's file.
type rangeInfo struct {
	services []string // sorted; AWS services or vendor sections
	region   string   // AWS only
	vendor   string   // vendor files only
	lbl      Label    // label(), computed by rangeSet.freeze
}

// label renders the info: "S3 (eu-west-1)", "datadog (logs)".
func (r *rangeInfo) label() Label {
	names := r.services
	if r.vendor == "" && len(names) > 1 {
		names = slices.DeleteFunc(slices.Clone(names), func(s string) bool { return s == genericService })
	}
	if r.vendor != "" {
		return Label{Service: r.vendor + " (" + strings.Join(names, "/") + ")", Source: "vendor:" + r.vendor}
	}
	return Label{Service: strings.Join(names, "/") + " (" + r.region + ")", Source: "ip-ranges"}
}

// addName records one more service or section name.
func (r *rangeInfo) addName(name string) {
	if i, found := slices.BinarySearch(r.services, name); !found {
		r.services = slices.Insert(r.services, i, name)
	}
}

// rangeSet holds the labelled prefixes: specific ones (AWS services other
// than AMAZON, vendor sections) and AMAZON's, consulted only when no
// specific prefix matches.
type rangeSet struct {
	specific prefixTable[*rangeInfo]
	amazon   prefixTable[*rangeInfo]
}

// awsIPRanges is the layout of https://ip-ranges.amazonaws.com/ip-ranges.json.
type awsIPRanges struct {
	Prefixes []struct {
		IPPrefix string `json:"ip_prefix"`
		Region   string `json:"region"`
		Service  string `json:"service"`
	} `json:"prefixes"`
	IPv6Prefixes []struct {
		IPv6Prefix string `json:"ipv6_prefix"`
		Region     string `json:"region"`
		Service    string `json:"service"`
	} `json:"ipv6_prefixes"`
}

// loadAWS adds the prefixes of an AWS ip-ranges.json.
func (s *rangeSet) loadAWS(r io.Reader) error {
	var doc awsIPRanges
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if len(doc.Prefixes)+len(doc.IPv6Prefixes) == 0 {
		return fmt.Errorf("no prefixes: not an AWS ip-ranges.json")
	}
	add := func(prefix, region, service string) error {
		p, err := netip.ParsePrefix(prefix)
		if err != nil {
			return fmt.Errorf("prefix %q (%s): %w", prefix, service, err)
		}
		t := &s.specific
		if service == amazonService {
			t = &s.amazon
		}
		info, ok := t.get(p)
		switch {
		case !ok:
			info = &rangeInfo{region: region}
			t.put(p, info)
		case info.vendor != "":
			return nil // a vendor's label says more
		}
		info.addName(service)
		return nil
	}
	for _, e := range doc.Prefixes {
		if err := add(e.IPPrefix, e.Region, e.Service); err != nil {
			return err
		}
	}
	for _, e := range doc.IPv6Prefixes {
		if err := add(e.IPv6Prefix, e.Region, e.Service); err != nil {
			return err
		}
	}
	return nil
}

// vendorSection is one section of a Datadog-style ranges file.
type vendorSection struct {
	PrefixesIPv4 []string `json:"prefixes_ipv4"`
	PrefixesIPv6 []string `json:"prefixes_ipv6"`
}

// loadVendor adds the prefixes of a file in Datadog's published format:
// top-level sections ("agents", "logs", ...) each with prefixes_ipv4 and
// prefixes_ipv6; other keys ("version", "modified") are ignored. On a
// prefix AWS also lists, the vendor's label wins: it says more.
func (s *rangeSet) loadVendor(name string, r io.Reader) error {
	var doc map[string]json.RawMessage
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	n := 0
	for section, raw := range doc {
		var sec vendorSection
		if json.Unmarshal(raw, &sec) != nil {
			continue
		}
		for _, prefix := range slices.Concat(sec.PrefixesIPv4, sec.PrefixesIPv6) {
			p, err := netip.ParsePrefix(prefix)
			if err != nil {
				return fmt.Errorf("section %s: prefix %q: %w", section, prefix, err)
			}
			info, ok := s.specific.get(p)
			if !ok || info.vendor != name {
				info = &rangeInfo{vendor: name}
				s.specific.put(p, info)
			}
			info.addName(section)
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("no prefixes_ipv4 or prefixes_ipv6 in any section: not a Datadog-style ranges file")
	}
	return nil
}

// freeze renders every label once, after the last file is loaded, so
// lookups do not build strings.
func (s *rangeSet) freeze() {
	for _, t := range []*prefixTable[*rangeInfo]{&s.specific, &s.amazon} {
		for _, f := range []*lpmFamily[*rangeInfo]{&t.v4, &t.v6} {
			for _, m := range f.byLen {
				for _, info := range m {
					info.lbl = info.label()
				}
			}
		}
	}
}

// lookup returns the label of the most specific prefix containing a.
func (s *rangeSet) lookup(a netip.Addr) (Label, bool) {
	if _, info, ok := s.specific.lookup(a); ok {
		return info.lbl, true
	}
	if _, info, ok := s.amazon.lookup(a); ok {
		return info.lbl, true
	}
	return Label{}, false
}

// loadFile opens path and hands it to load, naming the file in errors.
func loadFile(what, path string, load func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	if err := load(f); err != nil {
		return fmt.Errorf("%s %s: %w", what, path, err)
	}
	return nil
}
