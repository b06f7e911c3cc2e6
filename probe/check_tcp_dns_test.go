package probe

import (
	"net"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/plan"
)

// closedAddr returns a 127.0.0.1 address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// closedUDP returns a 127.0.0.1 UDP address where nothing listens.
func closedUDP(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	return addr
}

func TestTCPCheck(t *testing.T) {
	open := testenv.TCPListener(t)
	tests := []struct {
		name string
		addr string
		ok   bool
		want string
	}{
		{"open port", open, true, "connected to " + open},
		{"closed port", closedAddr(t), false, "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkOnce(t, plan.Probe{Name: "partner", TCP: &plan.TCPProbe{Address: tt.addr}}, tt.ok, tt.want)
		})
	}
}

func TestDNSCheck(t *testing.T) {
	server := startDNS(t, map[string][]string{
		"db.staging.test":    {"10.1.2.3", "10.1.2.4"},
		"mixed.staging.test": {"10.1.2.3", "192.0.2.10", "fd00::5"},
		"v6.staging.test":    {"fd00::5"},
		"empty.staging.test": nil,
	})
	tests := []struct {
		name string
		dns  plan.DNSProbe
		ok   bool
		want string
	}{
		{"resolves", plan.DNSProbe{Name: "db.staging.test", Server: server}, true, "resolved to 10.1.2.3, 10.1.2.4"},
		{"inside expected CIDRs", plan.DNSProbe{Name: "db.staging.test.", Server: server, ExpectCIDRs: []string{"10.1.0.0/16"}}, true, "10.1.2.3"},
		{"outside expected CIDRs", plan.DNSProbe{Name: "mixed.staging.test", Server: server, ExpectCIDRs: []string{"10.0.0.0/8"}}, false, "192.0.2.10 outside 10.0.0.0/8"},
		{"IPv6 CIDR asks for AAAA only", plan.DNSProbe{Name: "mixed.staging.test", Server: server, ExpectCIDRs: []string{"fd00::/8"}}, true, "resolved to fd00::5"},
		{"no such name", plan.DNSProbe{Name: "gone.staging.test", Server: server}, false, "no such host"},
		{"name without addresses", plan.DNSProbe{Name: "empty.staging.test", Server: server}, false, "resolve empty.staging.test"},
		{"server down", plan.DNSProbe{Name: "db.staging.test", Server: closedUDP(t)}, false, "resolve db.staging.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkOnce(t, plan.Probe{Name: "dns", DNS: &tt.dns}, tt.ok, tt.want)
		})
	}
}
