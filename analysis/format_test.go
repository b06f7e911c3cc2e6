package analysis

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/source"
)

// TestFormats reads each text layout AWS writes (and a few it could) and
// checks the grouped rows and the coverage counts.
func TestFormats(t *testing.T) {
	tests := []struct {
		name      string
		fields    []string // LocalOptions.Fields
		by        []string
		input     string
		want      []string
		records   int64
		malformed int64
		noData    int64
		skipData  int64
	}{
		{
			name: "v2 default format without a header",
			by:   []string{"srcaddr", "dstaddr", "dstport", "action"},
			input: "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n" +
				"2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK\n" +
				"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n" +
				"2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA\n",
			want:    []string{"172.31.16.139|172.31.16.21|22|ACCEPT=1/20/4249", "172.31.9.69|172.31.9.12|3389|REJECT=1/20/4249"},
			records: 2, noData: 1, skipData: 1,
		},
		{
			name: "v2 with its header line",
			by:   []string{"dstport"},
			input: "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
				"2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 443 6 2 100 1418530010 1418530070 ACCEPT OK\n",
			want: []string{"443=1/2/100"}, records: 1,
		},
		{
			name: "v3 custom format, tcp-flags and pkt addresses",
			by:   []string{"pkt-srcaddr", "pkt-dstaddr", "tcp-flags"},
			input: "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status\n" +
				"3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK\n" +
				"3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43416 10.0.0.62 52.213.180.42 6 376 7 1566848875 1566848933 ACCEPT 18 OK\n",
			want:    []string{"52.213.180.42|10.0.0.62|2=1/8/568", "10.0.0.62|52.213.180.42|18=1/7/376"},
			records: 2,
		},
		{
			name: "fields in alphabetical order (S3 custom v3)",
			by:   []string{"srcaddr", "dstport"},
			input: "account-id bytes dstaddr dstport end instance-id packets pkt-dstaddr pkt-srcaddr protocol srcaddr srcport start subnet-id tcp-flags type version vpc-id\n" +
				"000000000000 6392 172.18.160.93 47460 1568300425 i-06f9249b 10 172.18.160.93 192.168.0.1 6 172.18.160.68 443 1568300367 subnet-089e7569 19 IPv4 3 vpc-0461a061\n",
			want: []string{"172.18.160.68|47460=1/10/6392"}, records: 1,
		},
		{
			name: "v5 service fields, flow direction and traffic path",
			by:   []string{"pkt-dst-aws-service", "flow-direction", "traffic-path"},
			input: "version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status\n" +
				"5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71 S3 - - ingress OK\n" +
				"5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK\n",
			want:    []string{"-|ingress|-=1/14/15044", "S3|egress|8=1/7/471"},
			records: 2,
		},
		{
			name: "v6 transit gateway fields",
			by:   []string{"tgw-id", "packets-lost-no-route"},
			input: "version account-id tgw-id tgw-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes packets-lost-no-route start end log-status\n" +
				"6 123456789012 tgw-0abc tgw-attach-0abc 10.0.0.1 10.0.1.1 12345 443 6 10 1000 1 1700000000 1700000060 OK\n",
			want: []string{"tgw-0abc|1=1/10/1000"}, records: 1,
		},
		{
			name: "v7 ECS fields",
			by:   []string{"ecs-service-name", "dstport"},
			input: "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status ecs-cluster-name ecs-service-name\n" +
				"7 123456789012 eni-0abc 10.0.1.100 10.0.2.200 49152 22 6 15 3500 1700000000 1700000060 ACCEPT OK my-cluster my-service\n",
			want: []string{"my-service|22=1/15/3500"}, records: 1,
		},
		{
			name: "v8 reject-reason and an unknown newer field are carried",
			by:   []string{"reject-reason", "resource-id"},
			input: "version srcaddr dstaddr dstport packets bytes action reject-reason resource-id log-status\n" +
				"8 10.0.0.1 10.0.0.2 443 1 40 REJECT BPA vpc-0abc OK\n",
			want: []string{"BPA|vpc-0abc=1/1/40"}, records: 1,
		},
		{
			name:   "header-less input in a format given with --fields",
			fields: []string{"srcaddr", "dstaddr", "dstport", "packets", "bytes"},
			by:     []string{"dstaddr", "dstport"},
			input:  "10.0.0.1 203.0.113.7 443 3 120\n10.0.0.2 203.0.113.7 443 1 40\n",
			want:   []string{"203.0.113.7|443=2/4/160"}, records: 2,
		},
		{
			name: "a field the format lacks is absent",
			by:   []string{"srcaddr", "pkt-dstaddr"},
			input: "srcaddr dstaddr packets bytes\n" +
				"10.0.0.1 10.0.0.2 1 10\n",
			want: []string{"10.0.0.1|-=1/1/10"}, records: 1,
		},
		{
			name: "CRLF, runs of spaces and blank lines are tolerated",
			by:   []string{"srcaddr", "dstport"},
			input: "srcaddr dstaddr dstport packets bytes log-status\r\n" +
				"10.0.0.1  10.0.0.2 443 1 10 OK\r\n" +
				"\r\n" +
				"  10.0.0.1 10.0.0.2  443 1 10 OK \n" +
				"\n" +
				"10.0.0.1 10.0.0.2 443 1 10 OK",
			want: []string{"10.0.0.1|443=3/3/30"}, records: 3,
		},
		{
			name: "malformed lines are skipped and counted",
			by:   []string{"srcaddr"},
			input: "srcaddr dstaddr srcport packets bytes start\n" +
				"10.0.0.1 10.0.0.2 1 1 10 1700000000\n" +
				"10.0.0.1 10.0.0.2 1 1 10\n" + // a field short
				"10.0.0.1 10.0.0.2 1 1 10 1700000000 extra\n" + // a field too many
				"10.0.0.1 10.0.0.2 x1 1 10 1700000000\n" + // srcport not a number
				"10.0.0.1 10.0.0.2 - 1 1e3 1700000000\n" + // bytes not a number
				"10.0.0.1 10.0.0.2 - - - -\n", // absent numbers are fine
			want: []string{"10.0.0.1=2/1/10"}, records: 2, malformed: 4,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := aggregate(t, LocalOptions{Fields: tc.fields}, Query{By: tc.by}, textSource("in.log", tc.input))
			if got := rowStrings(res.Rows); !slices.Equal(got, tc.want) {
				t.Errorf("rows:\n got %q\nwant %q", got, tc.want)
			}
			c := res.Coverage
			if c.Records != tc.records || c.Malformed != tc.malformed || c.NoData != tc.noData || c.SkipData != tc.skipData {
				t.Errorf("coverage: records %d malformed %d nodata %d skipdata %d, want %d %d %d %d",
					c.Records, c.Malformed, c.NoData, c.SkipData, tc.records, tc.malformed, tc.noData, tc.skipData)
			}
		})
	}
}

func TestMalformedExamples(t *testing.T) {
	var in strings.Builder
	in.WriteString("srcaddr dstaddr packets bytes\n")
	for i := range 20 {
		if i%3 == 0 {
			in.WriteString("bogus line\n")
		} else {
			in.WriteString("10.0.0.1 10.0.0.2 1 10\n")
		}
	}
	// Two workers and many small files: the examples must still be the
	// first lines, in file then line order.
	srcs := []source.Source{textSource("a.log", in.String()), textSource("b.log", in.String())}
	res := aggregate(t, LocalOptions{Workers: 4}, Query{By: []string{"srcaddr"}}, srcs...)
	c := res.Coverage
	if c.Malformed != 14 {
		t.Fatalf("malformed = %d, want 14", c.Malformed)
	}
	want := []string{"a.log:2:", "a.log:5:", "a.log:8:", "a.log:11:", "a.log:14:"}
	if len(c.MalformedExamples) != len(want) {
		t.Fatalf("examples = %q", c.MalformedExamples)
	}
	for i, w := range want {
		if !strings.HasPrefix(c.MalformedExamples[i], w) || !strings.Contains(c.MalformedExamples[i], `"bogus line"`) {
			t.Errorf("example %d = %q, want prefix %q", i, c.MalformedExamples[i], w)
		}
	}
}

func TestStrictFailsOnMalformed(t *testing.T) {
	src := textSource("bad.log", "srcaddr packets\n10.0.0.1 1\n10.0.0.2 lots\n")
	_, err := NewLocal([]source.Source{src}, LocalOptions{Strict: true}).Aggregate(t.Context(), Query{By: []string{"srcaddr"}})
	if err == nil || !strings.Contains(err.Error(), "malformed") || !strings.Contains(err.Error(), "bad.log:3") {
		t.Fatalf("err = %v, want a malformed error naming bad.log:3", err)
	}
}

func TestMalformedLineNumbersAcrossChunks(t *testing.T) {
	var in strings.Builder
	in.WriteString("srcaddr dstaddr packets bytes\n")
	var want []string
	for i := 2; i <= 40000; i++ {
		if i%7919 == 0 {
			in.WriteString("bogus line\n")
			want = append(want, "big.log:"+strconv.Itoa(i)+":")
			continue
		}
		in.WriteString("10.0.0.1 10.0.0.2 1 10\n")
	}
	// Strict mode stops at a malformed line (with several workers, not
	// necessarily the first) and names it by its line in the file.
	_, err := NewLocal([]source.Source{textSource("big.log", in.String())}, LocalOptions{Strict: true, Workers: 3}).Aggregate(t.Context(), Query{})
	if err == nil || !slices.ContainsFunc(want, func(w string) bool { return strings.Contains(err.Error(), w) }) {
		t.Errorf("strict: err = %v, want one naming a line of %q", err, want)
	}
	for _, mode := range parseModes {
		for _, workers := range []int{1, 3} {
			res := aggregateMode(t, mode.inline, LocalOptions{Workers: workers}, Query{By: []string{"srcaddr"}}, textSource("big.log", in.String()))
			c := res.Coverage
			if c.Malformed != int64(len(want)) || len(c.MalformedExamples) != len(want) {
				t.Fatalf("%s, workers %d: %d malformed, examples %q", mode.name, workers, c.Malformed, c.MalformedExamples)
			}
			for i, w := range want {
				if !strings.HasPrefix(c.MalformedExamples[i], w) {
					t.Errorf("%s, workers %d: example %q, want prefix %q", mode.name, workers, c.MalformedExamples[i], w)
				}
			}
		}
	}
}

// TestFormatChangesInsideASource reads two files of different formats
// concatenated (cat a.log b.log | aclprobe analyze -): the second header
// switches the format, so the same flow written in either order is one
// group, and coverage names the line where the format changed.
func TestFormatChangesInsideASource(t *testing.T) {
	a := "srcaddr dstaddr srcport dstport packets bytes\n" +
		"10.0.0.1 203.0.113.7 40000 443 1 100\n"
	b := "dstaddr srcaddr dstport srcport packets bytes\n" + // same fields, another order
		"203.0.113.7 10.0.0.1 443 40001 2 200\n"
	// Many records before the second header put it in a later chunk.
	long := a + strings.Repeat("10.0.0.1 203.0.113.7 40000 443 1 100\n", 20000)
	tests := []struct {
		name, input string
		want        []string
		at          string
	}{
		{"two files", a + b, []string{"10.0.0.1|203.0.113.7|443=2/3/300"}, "in.log:3: "},
		{"and back", a + b + a, []string{"10.0.0.1|203.0.113.7|443=3/4/400"}, "in.log:3: "},
		{"a later chunk", long + b, []string{"10.0.0.1|203.0.113.7|443=20002/20003/2000300"}, "in.log:20003: "},
		{"header at the end", a + "dstaddr srcaddr\n", []string{"10.0.0.1|203.0.113.7|443=1/1/100"}, "in.log:3: "},
	}
	for _, tc := range tests {
		for _, mode := range parseModes {
			for _, opts := range []LocalOptions{{Workers: 1}, {Workers: 3}, {Workers: 2, Strict: true}} {
				res := aggregateMode(t, mode.inline, opts, Query{By: []string{"srcaddr", "dstaddr", "dstport"}}, textSource("in.log", tc.input))
				if got := rowStrings(res.Rows); !slices.Equal(got, tc.want) {
					t.Errorf("%s, %s %+v: rows %q, want %q", tc.name, mode.name, opts, got, tc.want)
				}
				c := res.Coverage
				if c.Malformed != 0 || c.FormatChanges == 0 || !strings.HasPrefix(c.FormatChangeExamples[0], tc.at) {
					t.Errorf("%s, %s %+v: coverage %+v, want no malformed line and a format change at %s", tc.name, mode.name, opts, c, tc.at)
				}
			}
		}
	}
}

// TestMalformedLineNumbersAfterAFormatChange: lines keep their numbers in
// the source after a header of another format.
func TestMalformedLineNumbersAfterAFormatChange(t *testing.T) {
	in := "srcaddr packets\n10.0.0.1 1\nsrcaddr dstaddr packets\n10.0.0.1 10.0.0.2 1\nbogus\n"
	for _, mode := range parseModes {
		res := aggregateMode(t, mode.inline, LocalOptions{Workers: 2}, Query{By: []string{"srcaddr"}}, textSource("in.log", in))
		if c := res.Coverage; c.Malformed != 1 || !strings.HasPrefix(c.MalformedExamples[0], "in.log:5: ") {
			t.Errorf("%s: coverage %+v, want one malformed line, in.log:5", mode.name, c)
		}
	}
}

// TestHeaderAfterPreamble: blank lines and # comments before the header,
// and a UTF-8 byte order mark, do not hide the header.
func TestHeaderAfterPreamble(t *testing.T) {
	body := "srcaddr dstaddr dstport packets bytes\n10.0.0.1 10.0.0.2 443 1 10\nbogus\n"
	tests := []struct{ name, input, bad string }{
		{"blank first line", "\n" + body, "in.log:4: "},
		{"blank lines with spaces and CRLF", "  \r\n\t\n" + body, "in.log:5: "},
		{"comment lines", "# exported 2025-12-04\n#\n" + body, "in.log:5: "},
		{"byte order mark", "\ufeff" + body, "in.log:3: "},
		{"byte order mark, then a comment", "\ufeff# flow logs\n" + body, "in.log:4: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr", "dstport"}}, textSource("in.log", tc.input))
			if got := rowStrings(res.Rows); !slices.Equal(got, []string{"10.0.0.1|443=1/1/10"}) {
				t.Errorf("rows %q", got)
			}
			if c := res.Coverage; c.Records != 1 || c.Malformed != 1 || !strings.HasPrefix(c.MalformedExamples[0], tc.bad) {
				t.Errorf("coverage %+v, want 1 record and 1 malformed line at %s", c, tc.bad)
			}
		})
	}
}

// TestParseModesAgreeOnNonTextInput: Parquet rows and CloudWatch Logs
// messages are records, never headers, whichever mode parses them; one
// that reads like a header of another format is a malformed line, and the
// records after it count.
func TestParseModesAgreeOnNonTextInput(t *testing.T) {
	msg := "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
	cw := `{"logEvents":[{"message":"` + msg + `"},{"message":"srcaddr dstaddr"},{"message":"` + msg + `"}]}`
	pq := writeParquet(t, []stringParquetRow{
		{"10.0.1.5", "10.0.100.10", "443", "3", "300", "OK"},
		{"dstaddr", "srcaddr", "dstport", "packets", "bytes", "log-status"},
		{"10.0.1.6", "10.0.100.10", "443", "3", "300", "OK"},
	})
	tests := []struct {
		name string
		src  source.Source
	}{
		{"cloudwatch message", textSource("cw.json", cw)},
		{"parquet row", memSource("p.parquet", pq)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range parseModes {
				res := aggregateMode(t, mode.inline, LocalOptions{Workers: 1}, Query{By: []string{"srcaddr"}}, tc.src)
				if c := res.Coverage; c.Records != 2 || c.Malformed != 1 {
					t.Errorf("%s: coverage %+v, want 2 records and 1 malformed line", mode.name, c)
				}
				l := NewLocal([]source.Source{tc.src}, LocalOptions{Workers: 1, Strict: true})
				l.inline = &mode.inline
				if _, err := l.Aggregate(t.Context(), Query{By: []string{"srcaddr"}}); err == nil {
					t.Errorf("%s, strict: no error for the header-like line", mode.name)
				}
			}
		})
	}
}

// TestHeaderRepeatsWithBlanks: a repeat of the format's own header is
// skipped also with extra blanks or '\r's, and also in a format without
// numeric fields, where it would split as a record.
func TestHeaderRepeatsWithBlanks(t *testing.T) {
	tests := []struct {
		name, input string
		records     int64
	}{
		{"trailing blank, no numeric field", "srcaddr dstaddr\n10.0.0.1 10.0.0.2\nsrcaddr dstaddr \n", 1},
		{"double blank, no numeric field", "srcaddr dstaddr\n10.0.0.1 10.0.0.2\nsrcaddr  dstaddr\n", 1},
		{"exact repeat, no numeric field", "srcaddr dstaddr\n10.0.0.1 10.0.0.2\nsrcaddr dstaddr\n10.0.0.3 10.0.0.2\n", 2},
		{"trailing blank, numeric fields", "srcaddr packets\n10.0.0.1 1\nsrcaddr packets \n", 1},
		{"two carriage returns", "srcaddr packets\n10.0.0.1 1\nsrcaddr packets\r\r\n", 1},
	}
	for _, tc := range tests {
		for _, mode := range parseModes {
			res := aggregateMode(t, mode.inline, LocalOptions{Workers: 1}, Query{By: []string{"srcaddr"}}, textSource("in.log", tc.input))
			if c := res.Coverage; c.Records != tc.records || c.Malformed != 0 {
				t.Errorf("%s, %s: coverage %+v, want %d records and no malformed line", tc.name, mode.name, c, tc.records)
			}
		}
	}
}
