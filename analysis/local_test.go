package analysis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/internal/natgen"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// natLog is a small NAT gateway log: private legs (instance -> NAT, the
// destination in pkt-dstaddr), public legs, replies, a rejected scanner,
// on two interfaces and at two times.
const natLog = natgen.Header + `
5 123456789012 eni-0a 10.0.1.5 10.0.100.10 40000 443 6 10 5000 1764806400 1764806460 ACCEPT OK 3 10.0.1.5 52.94.0.10 - DYNAMODB -
5 123456789012 eni-0a 10.0.100.10 52.94.0.10 1024 443 6 10 5000 1764806400 1764806460 ACCEPT OK 3 10.0.100.10 52.94.0.10 - DYNAMODB 8
5 123456789012 eni-0a 52.94.0.10 10.0.100.10 443 1024 6 8 9000 1764806400 1764806460 ACCEPT OK 19 52.94.0.10 10.0.100.10 DYNAMODB - -
5 123456789012 eni-0a 10.0.100.10 10.0.1.5 443 40000 6 8 9000 1764806400 1764806460 ACCEPT OK 19 52.94.0.10 10.0.1.5 DYNAMODB - 1
5 123456789012 eni-0a 10.0.1.5 10.0.100.10 40002 443 6 4 800 1764810000 1764810060 ACCEPT OK 3 10.0.1.5 52.94.0.10 - DYNAMODB -
5 123456789012 eni-0b 10.0.2.7 10.0.101.10 50000 443 6 3 300 1764806500 1764806560 ACCEPT OK 3 10.0.2.7 198.51.100.20 - - -
5 123456789012 eni-0b 10.0.2.7 10.0.101.10 50001 8443 6 1 60 1764806500 1764806560 ACCEPT OK 3 10.0.2.7 203.0.113.9 - - -
5 123456789012 eni-0b 192.0.2.66 10.0.101.10 55555 22 6 1 44 1764806500 1764806560 REJECT OK 2 192.0.2.66 10.0.101.10 - - -
5 123456789012 eni-0b - - - - - - - 1764806400 1764806460 - NODATA - - - - - -
`

func TestQueryFilters(t *testing.T) {
	pfx := func(s ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, p := range s {
			out = append(out, netip.MustParsePrefix(p))
		}
		return out
	}
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"no filter, default grouping", Query{}, []string{
			"10.0.1.5|10.0.1.5|10.0.100.10|52.94.0.10|443|DYNAMODB=2/14/5800",
			"52.94.0.10|10.0.100.10|10.0.1.5|10.0.1.5|40000|-=1/8/9000",
			"52.94.0.10|52.94.0.10|10.0.100.10|10.0.100.10|1024|-=1/8/9000",
			"10.0.100.10|10.0.100.10|52.94.0.10|52.94.0.10|443|DYNAMODB=1/10/5000",
			"10.0.2.7|10.0.2.7|10.0.101.10|198.51.100.20|443|-=1/3/300",
			"10.0.2.7|10.0.2.7|10.0.101.10|203.0.113.9|8443|-=1/1/60",
			"192.0.2.66|192.0.2.66|10.0.101.10|10.0.101.10|22|-=1/1/44",
		}},
		{"the NAT query: private leg only",
			Query{SrcCIDRs: pfx("10.0.0.0/16"), NATIPs: []netip.Addr{netip.MustParseAddr("10.0.100.10"), netip.MustParseAddr("10.0.101.10")},
				By: []string{"pkt-dstaddr", "dstport"}},
			[]string{"52.94.0.10|443=2/14/5800", "198.51.100.20|443=1/3/300", "203.0.113.9|8443=1/1/60"}},
		{"dst-cidr", Query{DstCIDRs: pfx("52.94.0.0/22"), By: []string{"srcaddr"}}, []string{"10.0.100.10=1/10/5000"}},
		{"action", Query{Actions: []string{"REJECT"}, By: []string{"srcaddr", "dstport"}}, []string{"192.0.2.66|22=1/1/44"}},
		{"interface", Query{Interfaces: []string{"eni-0b"}, By: []string{"action"}}, []string{"ACCEPT=2/4/360", "REJECT=1/1/44"}},
		{"since: records ending at or after", Query{Since: at("2025-12-04T01:00:00Z"), By: []string{"srcport"}}, []string{"40002=1/4/800"}},
		{"until: records starting before", Query{Until: at("2025-12-04T00:01:00Z"), By: []string{"interface-id"}}, []string{"eni-0a=4/36/28000"}},
		{"block on either endpoint, pkt-* first",
			Query{Block: pfx("52.94.0.0/16"), By: []string{flowlog.FieldSrcEndpoint, flowlog.FieldDstEndpoint, "dstport"}},
			[]string{"10.0.1.5|52.94.0.10|443=2/14/5800", "52.94.0.10|10.0.1.5|40000=1/8/9000",
				"52.94.0.10|10.0.100.10|1024=1/8/9000", "10.0.100.10|52.94.0.10|443=1/10/5000"}},
		{"block minus except",
			Query{Block: pfx("0.0.0.0/0"), Except: pfx("10.0.0.0/8", "52.94.0.0/16"), By: []string{flowlog.FieldDstEndpoint}},
			[]string{"198.51.100.20=1/3/300", "203.0.113.9=1/1/60", "10.0.101.10=1/1/44"}},
		{"sort by bytes", Query{Sort: "bytes", Top: 2, By: []string{"srcaddr"}}, []string{"10.0.100.10=2/18/14000", "52.94.0.10=1/8/9000"}},
		{"sort by packets", Query{Sort: "packets", Top: 1, By: []string{"interface-id"}}, []string{"eni-0a=5/40/28800"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				res := aggregate(t, LocalOptions{Workers: workers}, tc.q, textSource("nat.log", natLog))
				if got := rowStrings(res.Rows); !slices.Equal(got, tc.want) {
					t.Errorf("workers %d:\n got %q\nwant %q", workers, got, tc.want)
				}
			}
		})
	}
}

func TestTiesAndAbsentOrder(t *testing.T) {
	// Equal flows and bytes: ordered by the group values, absent last.
	in := "srcaddr dstaddr bytes\n10.0.0.2 - 5\n10.0.0.1 b 5\n10.0.0.1 - 5\n10.0.0.1 a 5\n"
	res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr", "dstaddr"}}, textSource("t.log", in))
	want := []string{"10.0.0.1|a=1/0/5", "10.0.0.1|b=1/0/5", "10.0.0.1|-=1/0/5", "10.0.0.2|-=1/0/5"}
	if got := rowStrings(res.Rows); !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}

func TestGroupValuesKeepTheirText(t *testing.T) {
	// Canonical IPv4 addresses are grouped as 4 bytes (appendKey): rows
	// must still show and order every value by its text, and text that only
	// looks like an address must stay apart. A value of 255 bytes or more
	// is grouped as absent.
	long, tooLong := strings.Repeat("x", 254), strings.Repeat("y", 255)
	values := []string{"9.0.0.1", "10.0.0.1", "010.0.0.1", "255.255.255.255", "0.0.0.0", "1.2.3", "1.2.3.4.5", "2001:db8::1", long, tooLong, "10.0.0.1"}
	var in strings.Builder
	in.WriteString("srcaddr bytes\n")
	for _, v := range values {
		in.WriteString(v + " 5\n")
	}
	want := []string{"10.0.0.1=2/0/10", "0.0.0.0=1/0/5", "010.0.0.1=1/0/5", "1.2.3=1/0/5", "1.2.3.4.5=1/0/5", "2001:db8::1=1/0/5", "255.255.255.255=1/0/5", "9.0.0.1=1/0/5", long + "=1/0/5", "-=1/0/5"}
	var spillLog bytes.Buffer
	for _, opts := range []LocalOptions{{}, {Memory: 1, TempDir: t.TempDir(), Log: &spillLog}} {
		res := aggregate(t, opts, Query{By: []string{"srcaddr"}}, textSource("t.log", in.String()))
		if got := rowStrings(res.Rows); !slices.Equal(got, want) {
			t.Errorf("memory %d: rows\n %q\nwant\n %q", opts.Memory, got, want)
		}
	}
	if !strings.Contains(spillLog.String(), "spill") {
		t.Errorf("a 1-byte budget did not spill: log %q", spillLog.String())
	}
}

func TestFirstLastAndCoverage(t *testing.T) {
	res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr"}, Top: 1}, textSource("nat.log", natLog))
	r := res.Rows[0]
	if r.Keys[0] != "10.0.100.10" || !r.First.Equal(time.Unix(1764806400, 0)) || !r.Last.Equal(time.Unix(1764806460, 0)) {
		t.Errorf("row %+v", r)
	}
	c := res.Coverage
	if c.Files != 1 || c.Records != 8 || c.Matched != 8 || c.NoData != 1 ||
		!slices.Equal(c.Interfaces, []string{"eni-0a", "eni-0b"}) ||
		!c.First.Equal(time.Unix(1764806400, 0)) || !c.Last.Equal(time.Unix(1764810060, 0)) {
		t.Errorf("coverage %+v", c)
	}
}

func TestCheckQuery(t *testing.T) {
	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"sort", Query{Sort: "speed"}, "sort"},
		{"negative top", Query{Top: -1}, "top"},
		{"bad field name", Query{By: []string{"Pkt Srcaddr"}}, "by"},
		{"field twice", Query{By: []string{"srcaddr", "srcaddr"}}, "twice"},
		{"action", Query{Actions: []string{"DROP"}}, "action"},
		{"since after until", Query{Since: time.Unix(10, 0), Until: time.Unix(5, 0)}, "before"},
		{"a slip of a field name", Query{By: []string{"dst-addr"}}, `by "dst-addr": no such flow log field; did you mean dstaddr?`},
		{"a misspelt field name", Query{By: []string{"pkt-dstadr"}}, "did you mean pkt-dstaddr?"},
		{"a misspelt endpoint", Query{By: []string{"dst-endpiont"}}, "did you mean dst-endpoint?"},
		{"a misspelt sort key", Query{Sort: "byte"}, "did you mean bytes?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := CheckQuery(tc.q); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if err := CheckQuery(Query{By: []string{"resource-id", flowlog.FieldDstEndpoint}}); err != nil {
		t.Errorf("unknown but well-formed fields: %v", err)
	}
}

// TestUnknownGroupFieldNeedsInput: a group field that is neither a flow
// log field nor in any input is an error, not a column of "-"; a newer
// field that the input has is carried.
func TestUnknownGroupFieldNeedsInput(t *testing.T) {
	_, err := NewLocal([]source.Source{textSource("nat.log", natLog)}, LocalOptions{Workers: 2}).Aggregate(t.Context(), Query{By: []string{"dstaddr", "peer"}})
	if err == nil || !strings.Contains(err.Error(), `by "peer": not a flow log field, and no input has it`) {
		t.Errorf("err = %v", err)
	}
	res := aggregate(t, LocalOptions{}, Query{By: []string{"resource-id"}}, textSource("v9.log", "srcaddr resource-id packets\n10.0.0.1 vpc-0a 1\n"))
	if got := rowStrings(res.Rows); !slices.Equal(got, []string{"vpc-0a=1/1/0"}) {
		t.Errorf("rows %q", got)
	}
}

func TestStdinSource(t *testing.T) {
	srcs, err := source.ExpandLocal([]string{"-"}, strings.NewReader("srcaddr bytes\n10.0.0.9 7\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr"}}, srcs...)
	if got := rowStrings(res.Rows); !slices.Equal(got, []string{"10.0.0.9=1/0/7"}) {
		t.Errorf("rows %q", got)
	}
}

func TestCancel(t *testing.T) {
	srcs := natgen.Sources(t, 4, 20_000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewLocal(srcs, LocalOptions{}).Aggregate(ctx, natQuery()); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestWorkersAgree checks that the number of workers and the chunking
// change nothing: the same rows and coverage from 1 and 4 workers over
// generated files.
func TestWorkersAgree(t *testing.T) {
	srcs := natgen.Sources(t, 3, 30_000)
	q := natQuery()
	q.Top = 0
	one := aggregate(t, LocalOptions{Workers: 1}, q, srcs...)
	four := aggregate(t, LocalOptions{Workers: 4}, q, srcs...)
	if !slices.Equal(rowStrings(one.Rows), rowStrings(four.Rows)) {
		t.Error("rows differ between 1 and 4 workers")
	}
	if one.Coverage.Records != four.Coverage.Records || one.Coverage.Matched != four.Coverage.Matched || len(one.Rows) < 100 {
		t.Errorf("coverage %+v vs %+v (%d rows)", one.Coverage, four.Coverage, len(one.Rows))
	}
}

// TestNATLegs: grouped by destination without a leg filter, a NAT
// gateway's records add up both legs of each connection, and coverage
// says so, naming the NAT gateway's address for --nat-ip; selecting the
// private leg, or grouping that keeps the legs apart, does not warn.
func TestNATLegs(t *testing.T) {
	nat := []netip.Addr{netip.MustParseAddr("10.0.100.10"), netip.MustParseAddr("10.0.101.10")}
	tests := []struct {
		name string
		q    Query
		want *NATLegs
	}{
		{"by destination, both legs", Query{By: []string{flowlog.FieldDstEndpoint}},
			&NATLegs{Private: 5, Public: 1, Addrs: []string{"10.0.100.10", "10.0.101.10"}}},
		{"by service, both legs", Query{By: []string{"pkt-dst-aws-service", "dstport"}},
			&NATLegs{Private: 5, Public: 1, Addrs: []string{"10.0.100.10", "10.0.101.10"}}},
		{"the private leg", Query{NATIPs: nat, By: []string{flowlog.FieldDstEndpoint}}, nil},
		{"the default grouping keeps legs apart", Query{}, nil},
		{"packet-level source and destination keep legs apart", Query{By: []string{"pkt-srcaddr", "pkt-dstaddr"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				// The parser learns a NAT address from private legs, so
				// public legs before the first one are not counted (the
				// reply to 10.0.100.10 on line 3 precedes its private leg).
				res := aggregate(t, LocalOptions{Workers: workers}, tc.q, textSource("nat.log", natLog))
				got := res.Coverage.NATLegs
				if (got == nil) != (tc.want == nil) || got != nil && (got.Private != tc.want.Private || got.Public != tc.want.Public || !slices.Equal(got.Addrs, tc.want.Addrs)) {
					t.Errorf("workers %d: NATLegs %+v, want %+v", workers, got, tc.want)
				}
			}
		})
	}
}

// TestInlineParsingMatchesParsers runs the same sources with few workers
// (enough sources per worker: each reader parses its own chunks) and with
// many (separate parsing goroutines) and wants the same Result, malformed
// examples included, and in strict mode the same unwrapped error.
func TestInlineParsingMatchesParsers(t *testing.T) {
	var sources []source.Source
	for i := range 2 * inlineSourcesPerWorker {
		data := natgen.Bytes(t, 2000, int64(i+1))
		if i%3 == 1 {
			data = append(data, "5 123456789012 eni-bad 10.0.1.1 10.0.100.10 x 53 6 1 1 1 1 ACCEPT OK 3 - - - - -\n"...)
		}
		sources = append(sources, memSource(fmt.Sprintf("f%d.log", i), data))
	}
	q := natQuery()
	tests := []struct {
		name   string
		strict bool
	}{
		{"lenient", false},
		{"strict", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inline, errInline := NewLocal(sources, LocalOptions{Workers: 2, Strict: tt.strict}).Aggregate(context.Background(), q)
			parsers, errParsers := NewLocal(sources, LocalOptions{Workers: 3, Strict: tt.strict}).Aggregate(context.Background(), q)
			if tt.strict {
				var me *MalformedError
				if !errors.As(errInline, &me) || !errors.As(errParsers, &me) {
					t.Fatalf("errors %v and %v, want *MalformedError from both", errInline, errParsers)
				}
				if _, ok := errInline.(*MalformedError); !ok {
					t.Errorf("inline error %q is wrapped, want the parser's error as is", errInline)
				}
				return
			}
			if errInline != nil || errParsers != nil {
				t.Fatalf("errors %v, %v", errInline, errParsers)
			}
			if inline.Coverage.Malformed == 0 || len(inline.Rows) == 0 {
				t.Fatalf("coverage %+v, %d rows: the fixture should have malformed lines and rows", inline.Coverage, len(inline.Rows))
			}
			if !reflect.DeepEqual(inline, parsers) {
				t.Errorf("inline parsing gave\n%+v\nseparate parsers gave\n%+v", inline, parsers)
			}
		})
	}
}

// memSource is a Source over bytes held in memory.
func memSource(name string, content []byte) source.Source {
	return source.Source{Name: name, Size: int64(len(content)), Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(content)), nil
	}}
}

// textSource is a memSource over a string.
func textSource(name, content string) source.Source { return memSource(name, []byte(content)) }

// aggregate runs q over sources with the local engine and fails the test
// on error.
func aggregate(t *testing.T, opts LocalOptions, q Query, sources ...source.Source) *Result {
	t.Helper()
	res, err := NewLocal(sources, opts).Aggregate(context.Background(), q)
	if err != nil {
		t.Fatalf("Aggregate: %v", err)
	}
	return res
}

// parseModes are the two ways the engine parses text: by separate parser
// goroutines, which need the reader to find headers of another format
// first, and by the reader that cut the chunk, whose parser finds them.
var parseModes = []struct {
	name   string
	inline bool
}{{"parsers", false}, {"inline", true}}

// aggregateMode is aggregate with the parse mode forced.
func aggregateMode(t *testing.T, inline bool, opts LocalOptions, q Query, sources ...source.Source) *Result {
	t.Helper()
	l := NewLocal(sources, opts)
	l.inline = &inline
	res, err := l.Aggregate(t.Context(), q)
	if err != nil {
		t.Fatalf("Aggregate: %v", err)
	}
	return res
}

// rowStrings renders rows as "key|key|...=flows/packets/bytes" for
// compact comparisons.
func rowStrings(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		var b bytes.Buffer
		for j, k := range r.Keys {
			if j > 0 {
				b.WriteByte('|')
			}
			b.WriteString(k)
		}
		b.WriteString("=")
		b.WriteString(itoa(r.Flows) + "/" + itoa(r.Packets) + "/" + itoa(r.Bytes))
		out[i] = b.String()
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustLayout(names []string) *flowlog.Layout {
	f, err := flowlog.NewLayout(names)
	if err != nil {
		panic(err)
	}
	return f
}

// TestRemoteSourcesReadConcurrently: with remote (S3) sources, up to
// RemoteReaders objects are open at once even with one worker: each
// Open waits until that many are open (a reader that read them one by one
// would never get there), and the rows are those of local sources.
func TestRemoteSourcesReadConcurrently(t *testing.T) {
	data := natgen.Bytes(t, 4_000, 5)
	tests := []struct {
		name    string
		readers int
		sources int
	}{
		{"default of 4", 0, 8},
		{"3 readers", 3, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.readers
			if want == 0 {
				want = DefaultRemoteReaders
			}
			var mu sync.Mutex
			open, maxOpen := 0, 0
			all := make(chan struct{})
			var local, remote []source.Source
			for i := range tt.sources {
				s := memSource(fmt.Sprintf("s3://b/k%d", i), data)
				local = append(local, s)
				r := s
				r.Remote = true
				r.Open = func(ctx context.Context) (io.ReadCloser, error) {
					mu.Lock()
					open++
					if open > maxOpen {
						maxOpen = open
						if open == want {
							close(all)
						}
					}
					mu.Unlock()
					select {
					case <-all:
					case <-time.After(10 * time.Second):
						return nil, fmt.Errorf("only %d of %d sources open at once", maxOpen, want)
					}
					rc, err := s.Open(ctx)
					return &onClose{ReadCloser: rc, fn: func() { mu.Lock(); open--; mu.Unlock() }}, err
				}
				remote = append(remote, r)
			}
			opts := LocalOptions{Workers: 1, RemoteReaders: tt.readers}
			got := aggregate(t, opts, Query{Top: 0}, remote...)
			mu.Lock()
			defer mu.Unlock()
			if maxOpen != want {
				t.Errorf("%d sources open at once, want %d", maxOpen, want)
			}
			if exp := aggregate(t, LocalOptions{Workers: 1}, Query{Top: 0}, local...); !slices.Equal(rowStrings(got.Rows), rowStrings(exp.Rows)) {
				t.Error("rows from remote sources differ from the same sources read locally")
			}
		})
	}
}

// onClose calls fn when closed.
type onClose struct {
	io.ReadCloser
	fn func()
}

func (c *onClose) Close() error {
	c.fn()
	return c.ReadCloser.Close()
}
