package probe

import (
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

// startDNS serves records (name -> addresses) over UDP on 127.0.0.1 and
// returns its host:port. It is a minimal DNS responder: one question per
// query, A and AAAA answers, NXDOMAIN for unknown names.
func startDNS(t *testing.T, records map[string][]string) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	zone := map[string][]netip.Addr{}
	for name, addrs := range records {
		for _, a := range addrs {
			zone[fqdn(name)] = append(zone[fqdn(name)], netip.MustParseAddr(a))
		}
	}
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if resp, err := answer(buf[:n], zone); err == nil {
				_, _ = pc.WriteTo(resp, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

func fqdn(name string) string { return strings.ToLower(strings.TrimSuffix(name, ".")) + "." }

// answer builds the response to one query.
func answer(q []byte, zone map[string][]netip.Addr) ([]byte, error) {
	if len(q) < 12 || binary.BigEndian.Uint16(q[4:6]) != 1 {
		return nil, errors.New("want one question")
	}
	off := 12
	var labels []string
	for {
		if off >= len(q) {
			return nil, errors.New("short name")
		}
		l := int(q[off])
		off++
		if l == 0 {
			break
		}
		if off+l > len(q) {
			return nil, errors.New("short label")
		}
		labels = append(labels, string(q[off:off+l]))
		off += l
	}
	if off+4 > len(q) {
		return nil, errors.New("short question")
	}
	qtype := binary.BigEndian.Uint16(q[off : off+2])
	question := q[12 : off+4]
	addrs, known := zone[fqdn(strings.Join(labels, "."))]

	var answers [][]byte
	for _, a := range addrs {
		if (qtype == 1 && a.Is4()) || (qtype == 28 && a.Is6()) {
			rr := []byte{0xC0, 0x0C} // pointer to the question's name
			rr = binary.BigEndian.AppendUint16(rr, qtype)
			rr = binary.BigEndian.AppendUint16(rr, 1) // IN
			rr = binary.BigEndian.AppendUint32(rr, 60)
			ip := a.AsSlice()
			rr = binary.BigEndian.AppendUint16(rr, uint16(len(ip)))
			answers = append(answers, append(rr, ip...))
		}
	}
	flags := uint16(0x8180) // response, recursion desired and available
	if !known {
		flags |= 3 // NXDOMAIN
	}
	resp := append([]byte{}, q[0:2]...)
	resp = binary.BigEndian.AppendUint16(resp, flags)
	resp = binary.BigEndian.AppendUint16(resp, 1)
	resp = binary.BigEndian.AppendUint16(resp, uint16(len(answers)))
	resp = binary.BigEndian.AppendUint16(resp, 0)
	resp = binary.BigEndian.AppendUint16(resp, 0)
	resp = append(resp, question...)
	for _, rr := range answers {
		resp = append(resp, rr...)
	}
	return resp, nil
}
