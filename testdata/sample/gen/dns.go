package main

import (
	"bufio"
	"encoding/json"
	"math/rand"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/aclprobe/aclprobe/analysis/dnslog"
)

// conn is one connection written to the flow logs: who asked, where it
// went, when, and which destination (dest.name) it was.
type conn struct {
	src   string
	dst   string
	ips   []string // every address of the destination
	start int64
	dest  string
}

// conns collects the connections as the flow logs are written, so the
// query logs are generated from the same day without touching the flow
// generator's random sequence.
var conns []conn

// dnsName is a name a destination's callers resolve, with the CNAME chain
// the resolver returns before the addresses.
type dnsName struct {
	name  string
	chain []string
	all   bool // the answer lists every address of the destination, not one
}

// destNames are the names behind each destination. The AWS ones are the
// services' public endpoints in eu-west-1; the others are invented under
// documentation names (RFC 2606), except Datadog's public intake names.
var destNames = map[string][]dnsName{
	"kinesis":      {{name: "kinesis.eu-west-1.amazonaws.com"}},
	"s3":           {{name: "nightly-exports-111122223333.s3.eu-west-1.amazonaws.com", chain: []string{"s3-r-w.eu-west-1.amazonaws.com"}}},
	"dynamodb":     {{name: "dynamodb.eu-west-1.amazonaws.com"}},
	"datadog":      {{name: "http-intake.logs.datadoghq.com", chain: []string{"alb-logs-http-shard0.example.net"}, all: true}, {name: "api.datadoghq.com", all: true}},
	"partner":      {{name: "api.partner.example"}},
	"sftp":         {{name: "sftp.bank.example"}},
	"ec2-endpoint": {{name: "orders.other-team.example"}},
}

const (
	vpc    = "vpc-0a1b2c3d4e5f60718"
	region = "eu-west-1"
)

// bastion resolves a name of its own to one of Datadog's addresses (a
// shared front end): it has no flows, so the name must not be listed.
const bastion = "10.20.12.30"

// writeDNSFile writes the query logs of conns: the first connection of
// each caller to each destination and about one in five after it were
// preceded by a lookup (the rest used a cached answer), some lookups
// first tried the VPC's search domain (NXDOMAIN) or asked for AAAA (no
// answer), and the bastion asked for a name of its own.
func writeDNSFile(path string) error {
	r := rand.New(rand.NewSource(20251205))
	seen := map[string]bool{}
	var entries []dnslog.Query
	for _, c := range conns {
		key := c.src + " " + c.dest
		if seen[key] && r.Intn(5) != 0 {
			continue
		}
		seen[key] = true
		names := destNames[c.dest]
		n := names[r.Intn(len(names))]
		at := c.start - 1 - int64(r.Intn(5))
		if r.Intn(8) == 0 {
			entries = append(entries, newEntry(r, c.src, n.name+"."+region+".compute.internal", "A", "NXDOMAIN", at-1, nil))
		}
		var ans []dnslog.Answer
		for _, cn := range n.chain {
			ans = append(ans, dnslog.Answer{Data: cn + ".", Type: "CNAME", Class: "IN"})
		}
		addrs := []string{c.dst}
		if n.all {
			addrs = c.ips
		}
		for _, a := range addrs {
			ans = append(ans, dnslog.Answer{Data: a, Type: "A", Class: "IN"})
		}
		entries = append(entries, newEntry(r, c.src, n.name, "A", "NOERROR", at, ans))
		if r.Intn(6) == 0 {
			entries = append(entries, newEntry(r, c.src, n.name, "AAAA", "NOERROR", at, nil))
		}
	}
	day := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC).Unix()
	for h := 0; h < 24; h += 3 {
		entries = append(entries, newEntry(r, bastion, "status.vendor.example", "A", "NOERROR", day+int64(h*3600+r.Intn(3600)),
			[]dnslog.Answer{{Data: "107.21.15.22", Type: "A", Class: "IN"}}))
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Time.Before(entries[j].Time) })
	return writeEntries(path, entries)
}

// newEntry is one query by src at the second at; dnslog.Query writes
// itself as AWS writes a query log entry.
func newEntry(r *rand.Rand, src, name, typ, rcode string, at int64, ans []dnslog.Answer) dnslog.Query {
	return dnslog.Query{
		Version: "1.100000", AccountID: account, Region: region, VPCID: vpc,
		Time: time.Unix(at, 0).UTC(), Name: name, Type: typ, Class: "IN",
		RCode: rcode, Answers: ans, SrcAddr: netip.MustParseAddr(src), SrcPort: 32768 + r.Intn(28000), Transport: "UDP",
		SrcInstance: instances[src],
	}
}

// instances are the callers' instance ids.
var instances = map[string]string{
	"10.20.10.11": "i-0a11b22c33d44e501", "10.20.10.12": "i-0a11b22c33d44e502",
	"10.20.10.13": "i-0a11b22c33d44e503", "10.20.10.14": "i-0a11b22c33d44e504",
	"10.20.11.21": "i-0b55c66d77e88f901", "10.20.11.22": "i-0b55c66d77e88f902",
	bastion: "i-0c99d00e11f22a301",
}

func writeEntries(path string, entries []dnslog.Query) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(fh)
	enc := json.NewEncoder(w)
	for _, e := range entries {
		if err := enc.Encode(&e); err != nil {
			fh.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}
