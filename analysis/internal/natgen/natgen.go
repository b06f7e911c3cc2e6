// Package natgen generates flow logs the way a NAT gateway's interface
// logs them, for the analysis engine's tests and benchmarks (the shape of
// ../shared/bench's flowgen, small and seeded). It is test-only: imported
// only from _test.go files, never by aclprobe itself.
package natgen

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/input"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// Header is the 20-field custom format of a NAT gateway investigation.
const Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path"

// Write writes about n records the way a NAT gateway's interface logs
// them (the shape of ../shared/bench's flowgen): per connection the private
// leg, the public leg and both replies, plus rejected scanners, NODATA and
// SKIPDATA. Destinations are Zipf-distributed; the seed fixes everything.
func Write(w io.Writer, n int, seed int64) error {
	bw := bufio.NewWriter(w)
	r := rand.New(rand.NewSource(seed))
	dsts := rand.NewZipf(r, 1.3, 4, 50000)
	nats := []string{"10.0.100.10", "10.0.101.10"}
	services := []string{"-", "-", "-", "AMAZON", "EC2", "S3", "-", "-"}
	ports := []int{443, 443, 443, 80, 53, 5432}
	eni := fmt.Sprintf("eni-0%016x", r.Uint64()>>4)
	fmt.Fprintln(bw, Header)
	for i := 0; i < n; {
		start := 1764806400 + r.Intn(3600)
		end := start + 60
		switch k := r.Intn(100); {
		case k == 0:
			fmt.Fprintf(bw, "5 123456789012 %s - - - - - - - %d %d - NODATA - - - - - -\n", eni, start, end)
			i++
			continue
		case k == 1:
			fmt.Fprintf(bw, "5 123456789012 %s - - - - - - - %d %d - SKIPDATA - - - - - -\n", eni, start, end)
			i++
			continue
		case k < 6:
			scanner := fmt.Sprintf("%d.%d.%d.%d", 45+r.Intn(150), r.Intn(256), r.Intn(256), 1+r.Intn(254))
			nat := nats[r.Intn(2)]
			fmt.Fprintf(bw, "5 123456789012 %s %s %s %d 22 6 1 44 %d %d REJECT OK 2 %s %s - - -\n",
				eni, scanner, nat, 1024+r.Intn(60000), start, end, scanner, nat)
			i++
			continue
		}
		d := dsts.Uint64()
		dst := fmt.Sprintf("%d.%d.%d.%d", 13+d%200, (d/7)%256, (d/3)%256, 1+d%254)
		svc, port := services[d%uint64(len(services))], ports[d%uint64(len(ports))]
		src := fmt.Sprintf("10.0.%d.%d", r.Intn(4), 2+r.Intn(250))
		nat := nats[r.Intn(2)]
		eph, natPort := 32768+r.Intn(28000), 1024+r.Intn(64000)
		pk, rpk := 1+r.Intn(200), 1+r.Intn(300)
		by, rby := pk*(60+r.Intn(1400)), rpk*(60+r.Intn(1400))
		fmt.Fprintf(bw, "5 123456789012 %s %s %s %d %d 6 %d %d %d %d ACCEPT OK 3 %s %s - %s -\n", eni, src, nat, eph, port, pk, by, start, end, src, dst, svc)
		fmt.Fprintf(bw, "5 123456789012 %s %s %s %d %d 6 %d %d %d %d ACCEPT OK 3 %s %s - %s 8\n", eni, nat, dst, natPort, port, pk, by, start, end, nat, dst, svc)
		fmt.Fprintf(bw, "5 123456789012 %s %s %s %d %d 6 %d %d %d %d ACCEPT OK 19 %s %s %s - -\n", eni, dst, nat, port, natPort, rpk, rby, start, end, dst, nat, svc)
		fmt.Fprintf(bw, "5 123456789012 %s %s %s %d %d 6 %d %d %d %d ACCEPT OK 19 %s %s %s - 1\n", eni, nat, src, port, eph, rpk, rby, start, end, dst, src, svc)
		i += 4
	}
	return bw.Flush()
}

// writeFiles writes files gzip files of n records each into dir.
func writeFiles(tb testing.TB, dir string, files, n int) {
	tb.Helper()
	for f := range files {
		path := filepath.Join(dir, fmt.Sprintf("123456789012_vpcflowlogs_eu-west-1_fl-0abc_20251204T%02d00Z_%d.log.gz", f, f))
		fh, err := os.Create(path)
		if err != nil {
			tb.Fatal(err)
		}
		zw := gzip.NewWriter(fh)
		if err := Write(zw, n, int64(f+1)); err != nil {
			tb.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			tb.Fatal(err)
		}
		if err := fh.Close(); err != nil {
			tb.Fatal(err)
		}
	}
}

// Bytes returns Write's output for n records and seed, header included,
// failing tb on error.
func Bytes(tb testing.TB, n int, seed int64) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, n, seed); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Chunk returns Write's records for n and seed as one parser chunk named
// name: the header's layout and the lines after it, starting at line 2.
func Chunk(tb testing.TB, name string, n int, seed int64) *input.Chunk {
	tb.Helper()
	data := Bytes(tb, n, seed)
	nl := bytes.IndexByte(data, '\n')
	f, ok := flowlog.ParseHeader(data[:nl])
	if !ok {
		tb.Fatal("natgen: no header")
	}
	return &input.Chunk{Name: name, Layout: f, Line: 2, Data: data[nl+1:]}
}

// Sources writes files gzip files of n records each into a fresh
// temporary directory and returns them as sources, as the engine reads a
// local directory.
func Sources(tb testing.TB, files, n int) []source.Source {
	tb.Helper()
	dir := tb.TempDir()
	writeFiles(tb, dir, files, n)
	srcs, err := source.ExpandLocal([]string{dir}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return srcs
}
