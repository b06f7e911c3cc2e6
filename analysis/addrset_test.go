package analysis

import (
	"net/netip"
	"testing"
)

// TestPrefixSetHosts checks the word comparison of hasHost against the
// plain text comparison, for fields inside a buffer (16 bytes readable)
// and at its very end (the fallback).
func TestPrefixSetHosts(t *testing.T) {
	set := newPrefixSet(addrsAsPrefixes([]netip.Addr{netip.MustParseAddr("10.0.100.10"), netip.MustParseAddr("1.2.3.4")}))
	tests := []containsCase{
		{"first host", "10.0.100.10", true},
		{"second host, short", "1.2.3.4", true},
		{"prefix of a host", "10.0.100.1", false},
		{"host is a prefix of it", "10.0.100.100", false},
		{"one byte differs past 8", "10.0.100.11", false},
		{"one byte differs in the first 8", "10.1.100.10", false},
		{"absent", "-", false},
		{"empty", "", false},
		{"longest IPv4 text", "255.255.255.255", false},
		{"too long for words", "10.0.100.10.10.0.100", false},
	}
	checkContains(t, set, tests, " 10.0.100.10 1.2.3.4 trailing bytes")
}

// TestPrefixSetLeads checks the text-lead rejection of byte-aligned IPv4
// prefixes against parsing, inside a buffer and at its end.
func TestPrefixSetLeads(t *testing.T) {
	set := newPrefixSet([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("192.168.1.0/24"), netip.MustParsePrefix("7.0.0.0/8")})
	if set.leads == nil {
		t.Fatal("no leads for byte-aligned prefixes")
	}
	tests := []containsCase{
		{"inside /16", "10.0.3.6", true},
		{"inside /16, longest", "10.0.255.255", true},
		{"other /16", "10.1.3.6", false},
		{"lead is a text prefix only", "10.00.3.6", false},
		{"second octet 0 then digits", "10.01.3.6", false},
		{"first octet longer", "100.0.3.6", false},
		{"inside /24", "192.168.1.77", true},
		{"beside /24", "192.168.10.77", false},
		{"inside /8", "7.200.1.1", true},
		{"beside /8", "70.0.0.1", false},
		{"lead only", "10.0.", false},
		{"leading zero after the lead", "10.0.03.6", false},
		{"absent", "-", false},
	}
	checkContains(t, set, tests, " 10.0.1.1 trailing bytes")
	for _, ps := range []string{"10.0.0.0/12", "0.0.0.0/0", "10.0.0.1/32"} {
		if s := newPrefixSet([]netip.Prefix{netip.MustParsePrefix(ps)}); s.leads != nil {
			t.Errorf("%s has leads, want none (not a whole number of octets)", ps)
		}
	}
}

// containsCase is an address as a record holds it and whether the set
// contains it.
type containsCase struct {
	name string
	addr string
	want bool
}

// checkContains asks set about each case's address twice: inside a
// buffer where more bytes (rest) follow it, and at the very end of its
// buffer (the fallback path).
func checkContains(t *testing.T, set *prefixSet, tests []containsCase, rest string) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inBuffer := []byte(tt.addr + rest)[:len(tt.addr)]
			atEnd := []byte(tt.addr)
			atEnd = atEnd[:len(atEnd):len(atEnd)]
			for _, b := range [][]byte{inBuffer, atEnd} {
				if got := set.contains(b); got != tt.want {
					t.Errorf("contains(%q) with cap %d = %v, want %v", tt.addr, cap(b), got, tt.want)
				}
			}
		})
	}
}
