package change

import (
	"net/netip"
	"testing"
)

func TestSubnetContainsAndCarries(t *testing.T) {
	s := Subnet{ID: "subnet-a", IPv4: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}}
	for addr, want := range map[string]bool{"10.0.1.9": true, "::ffff:10.0.1.9": true, "10.0.2.9": false, "2001:db8::1": false} {
		if got := s.Contains(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Contains(%s) = %v, want %v", addr, got, want)
		}
	}
	if !s.Carries(false) || s.Carries(true) {
		t.Errorf("Carries: an IPv4-only subnet carries IPv4 only")
	}
}
