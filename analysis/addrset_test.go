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
	tests := []struct {
		name string
		addr string
		want bool
	}{
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
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inBuffer := []byte(tt.addr + " 10.0.100.10 1.2.3.4 trailing bytes")[:len(tt.addr)]
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
