// Command gen writes testdata/sample/natgw-day.log.gz: one day of a NAT
// gateway's network interface in the 20-field custom format of the NAT
// top-talker investigation, with a header line, as S3 delivers it; and
// testdata/sample/dns/resolver-query-log.jsonl: the same day's Route 53
// Resolver query logs of the VPC (see dns.go). The seeds are fixed, so the
// files are reproducible:
//
//	go run testdata/sample/gen/ -out testdata/sample/natgw-day.log.gz -dns-out testdata/sample/dns/resolver-query-log.jsonl
//
// Every address is either in a range its owner publishes for that use or
// in a documentation range (RFC 5737), as labelled below.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"time"
)

const header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path"

const (
	account = "111122223333"
	eni     = "eni-0f1e2d3c4b5a69788" // the NAT gateway's interface in eu-west-1a
	natIP   = "10.20.0.10"            // its private address (VPC 10.20.0.0/16)
)

// dest is an external service the workloads call through the NAT gateway.
type dest struct {
	name    string   // for this comment only
	ips     []string // where it answers
	port    int
	proto   int
	service string // pkt-dst-aws-service, "-" when AWS does not say
	weight  int    // connections per day, roughly
	pkts    int    // packets sent per connection, roughly
	size    int    // bytes per packet sent, roughly
	reply   int    // bytes per packet received, roughly
	callers []string
}

var (
	apps  = []string{"10.20.10.11", "10.20.10.12", "10.20.10.13", "10.20.10.14"} // orders and payments services
	batch = []string{"10.20.11.21", "10.20.11.22"}                               // nightly export workers
	all   = append(append([]string(nil), apps...), batch...)
)

var dests = []dest{
	// Kinesis Data Streams, eu-west-1: AWS publishes these as AMAZON
	// (52.94.216.0/21 and 99.80.0.0/15 in ip-ranges.json).
	{"kinesis", []string{"52.94.216.17", "52.94.218.40", "99.80.33.7"}, 443, 6, "AMAZON", 900, 40, 900, 120, apps},
	// S3, eu-west-1 (52.218.0.0/17, S3): exports write big objects.
	{"s3", []string{"52.218.96.18", "52.218.41.91", "52.218.12.200"}, 443, 6, "S3", 260, 900, 1300, 80, batch},
	// DynamoDB, eu-west-1 (52.94.24.0/23, DYNAMODB): many small requests.
	{"dynamodb", []string{"52.94.24.98", "52.94.25.12"}, 443, 6, "DYNAMODB", 700, 12, 400, 600, apps},
	// Datadog intake: addresses from Datadog's published ranges file
	// (agents, logs and api, 2019 edition).
	{"datadog", []string{"107.21.15.22", "107.20.16.111", "107.21.3.237"}, 443, 6, "-", 480, 30, 1100, 90, all},
	// A payments partner's API: documentation range TEST-NET-3.
	{"partner", []string{"203.0.113.45"}, 443, 6, "-", 220, 14, 600, 700, apps[2:]},
	// A bank's SFTP drop: documentation range TEST-NET-2.
	{"sftp", []string{"198.51.100.77"}, 22, 6, "-", 12, 3000, 1400, 60, batch[:1]},
	// Another team's public endpoint on EC2, eu-west-1 (54.247.0.0/16, EC2).
	{"ec2-endpoint", []string{"54.247.88.120"}, 8443, 6, "EC2", 90, 10, 700, 500, apps[:2]},
}

// scanners probing the NAT gateway: documentation range TEST-NET-1.
var scannerPorts = []int{22, 23, 445, 3389, 5900}

func main() {
	out := flag.String("out", "testdata/sample/natgw-day.log.gz", "output file")
	dnsOut := flag.String("dns-out", "testdata/sample/dns/resolver-query-log.jsonl", "query log output file")
	flag.Parse()
	fh, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw := gzip.NewWriter(fh)
	w := bufio.NewWriter(zw)
	if err := write(w, rand.New(rand.NewSource(20251204))); err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		log.Fatal(err)
	}
	if err := writeDNSFile(*dnsOut); err != nil {
		log.Fatal(err)
	}
}

func write(w *bufio.Writer, r *rand.Rand) error {
	day := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC).Unix()
	fmt.Fprintln(w, header)
	var lines []string
	for _, d := range dests {
		n := d.weight/4 + r.Intn(d.weight/2+1)
		for range n {
			start := day + int64(r.Intn(86400-120))
			lines = append(lines, connection(r, d, start)...)
		}
	}
	for range 80 {
		start := day + int64(r.Intn(86400-60))
		src := fmt.Sprintf("192.0.2.%d", 1+r.Intn(254))
		lines = append(lines, fmt.Sprintf("5 %s %s %s %s %d %d 6 1 44 %d %d REJECT OK 2 %s %s - - -",
			account, eni, src, natIP, 1024+r.Intn(60000), scannerPorts[r.Intn(len(scannerPorts))], start, start+60, src, natIP))
	}
	// The interface was idle for a few capture windows at night, and AWS
	// lost one window's records (SKIPDATA).
	for h := 2; h < 5; h++ {
		start := day + int64(h*3600)
		lines = append(lines, fmt.Sprintf("5 %s %s - - - - - - - %d %d - NODATA - - - - - -", account, eni, start, start+60))
	}
	lines = append(lines, fmt.Sprintf("5 %s %s - - - - - - - %d %d - SKIPDATA - - - - - -", account, eni, day+13*3600, day+13*3600+60))
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// connection returns the four records a NAT gateway's interface writes for
// one connection: the private leg (instance -> NAT, the destination in
// pkt-dstaddr), the public leg (NAT -> destination), and both replies.
func connection(r *rand.Rand, d dest, start int64) []string {
	src := d.callers[r.Intn(len(d.callers))]
	dst := d.ips[r.Intn(len(d.ips))]
	end := start + 60
	eph, natPort := 32768+r.Intn(28000), 1024+r.Intn(64000)
	pk := 1 + d.pkts/2 + r.Intn(d.pkts+1)
	by := pk * (d.size/2 + r.Intn(d.size))
	rpk := 1 + pk/2 + r.Intn(pk/2+1)
	rby := rpk * (d.reply/2 + r.Intn(d.reply+1))
	svc := d.service
	conns = append(conns, conn{src: src, dst: dst, ips: d.ips, start: start, dest: d.name})
	return []string{
		fmt.Sprintf("5 %s %s %s %s %d %d %d %d %d %d %d ACCEPT OK 3 %s %s - %s -", account, eni, src, natIP, eph, d.port, d.proto, pk, by, start, end, src, dst, svc),
		fmt.Sprintf("5 %s %s %s %s %d %d %d %d %d %d %d ACCEPT OK 3 %s %s - %s 8", account, eni, natIP, dst, natPort, d.port, d.proto, pk, by, start, end, natIP, dst, svc),
		fmt.Sprintf("5 %s %s %s %s %d %d %d %d %d %d %d ACCEPT OK 19 %s %s %s - -", account, eni, dst, natIP, d.port, natPort, d.proto, rpk, rby, start, end, dst, natIP, svc),
		fmt.Sprintf("5 %s %s %s %s %d %d %d %d %d %d %d ACCEPT OK 19 %s %s %s - 1", account, eni, natIP, src, d.port, eph, d.proto, rpk, rby, start, end, dst, src, svc),
	}
}
