package analysis

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/aclprobe/aclprobe/analysis/source"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// awsParquetRow mirrors AWS's Parquet delivery: underscore column names,
// integer ports and counters, nullable columns for NODATA records.
type awsParquetRow struct {
	Version     int32   `parquet:"version"`
	AccountID   string  `parquet:"account_id"`
	InterfaceID string  `parquet:"interface_id"`
	Srcaddr     *string `parquet:"srcaddr,optional"`
	Dstaddr     *string `parquet:"dstaddr,optional"`
	Srcport     *int32  `parquet:"srcport,optional"`
	Dstport     *int32  `parquet:"dstport,optional"`
	Protocol    *int32  `parquet:"protocol,optional"`
	Packets     *int64  `parquet:"packets,optional"`
	Bytes       *int64  `parquet:"bytes,optional"`
	Start       int64   `parquet:"start"`
	End         int64   `parquet:"end"`
	Action      *string `parquet:"action,optional"`
	LogStatus   string  `parquet:"log_status"`
	PktDstaddr  *string `parquet:"pkt_dstaddr,optional"`
}

// stringParquetRow is how pandas writes flow logs: everything a string,
// "None" for a missing value (like ../shared/flowlogs's obsrvbl file).
type stringParquetRow struct {
	Srcaddr   string `parquet:"srcaddr"`
	Dstaddr   string `parquet:"dstaddr"`
	Dstport   string `parquet:"dstport"`
	Packets   string `parquet:"packets"`
	Bytes     string `parquet:"bytes"`
	LogStatus string `parquet:"log_status"`
}

func ptr[T any](v T) *T { return &v }

func writeParquet[T any](t *testing.T, rows []T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParquet(t *testing.T) {
	aws := writeParquet(t, []awsParquetRow{
		{Version: 5, AccountID: "123456789012", InterfaceID: "eni-0a", Srcaddr: ptr("10.0.1.5"), Dstaddr: ptr("10.0.100.10"),
			Srcport: ptr[int32](40000), Dstport: ptr[int32](443), Protocol: ptr[int32](6), Packets: ptr[int64](10), Bytes: ptr[int64](5000),
			Start: 1764806400, End: 1764806460, Action: ptr("ACCEPT"), LogStatus: "OK", PktDstaddr: ptr("52.94.0.10")},
		{Version: 5, AccountID: "123456789012", InterfaceID: "eni-0a", Srcaddr: ptr("10.0.1.5"), Dstaddr: ptr("10.0.100.10"),
			Srcport: ptr[int32](40001), Dstport: ptr[int32](443), Protocol: ptr[int32](6), Packets: ptr[int64](2), Bytes: ptr[int64](100),
			Start: 1764806460, End: 1764806520, Action: ptr("ACCEPT"), LogStatus: "OK", PktDstaddr: ptr("52.94.0.10")},
		{Version: 5, AccountID: "123456789012", InterfaceID: "eni-0a", Start: 1764806400, End: 1764806460, LogStatus: "NODATA"},
	})
	strs := writeParquet(t, []stringParquetRow{
		{"10.0.1.5", "10.0.100.10", "443", "3", "300", "OK"},
		{"None", "None", "None", "None", "None", "NODATA"},
	})
	tests := []struct {
		name    string
		src     source.Source
		by      []string
		want    []string
		records int64
		noData  int64
	}{
		{"AWS delivery, typed columns", memSource("aws.parquet", aws), []string{"srcaddr", "pkt-dstaddr", "dstport"},
			[]string{"10.0.1.5|52.94.0.10|443=2/12/5100"}, 2, 1},
		{"pandas, string columns and None", memSource("pandas.log.parquet", strs), []string{"srcaddr", "dstport"},
			[]string{"10.0.1.5|443=1/3/300"}, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := aggregate(t, LocalOptions{}, Query{By: tc.by}, tc.src)
			if got := rowStrings(res.Rows); !slices.Equal(got, tc.want) {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
			if c := res.Coverage; c.Records != tc.records || c.NoData != tc.noData || c.Malformed != 0 {
				t.Errorf("coverage %+v, want %d records, %d NODATA, none malformed", c, tc.records, tc.noData)
			}
		})
	}
	t.Run("a local file is read in place", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "flows.parquet")
		if err := os.WriteFile(path, aws, 0o644); err != nil {
			t.Fatal(err)
		}
		srcs, err := source.ExpandLocal([]string{path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr"}}, srcs...)
		if got := rowStrings(res.Rows); !slices.Equal(got, []string{"10.0.1.5=2/12/5100"}) {
			t.Errorf("rows %q", got)
		}
	})
}

// cwControlPayload is a CloudWatch Logs health check, as AWS documents it
// for subscription destinations.
const cwControlPayload = `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",` +
	`"subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1432826855000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`

func TestCloudWatchJSON(t *testing.T) {
	msg1 := "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
	msg2 := "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
	subscription := `{"messageType":"DATA_MESSAGE","owner":"123456789010","logGroup":"/aws/vpc/flowlogs","logStream":"eni-1235b8ca123456789",` +
		`"subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1418530010000,"message":"` + msg1 + `"},{"id":"2","timestamp":1418530010000,"message":"` + msg2 + `"}]}`
	filterEvents := `{"events":[{"logStreamName":"eni-1","timestamp":1,"message":"` + msg1 + `","ingestionTime":2,"eventId":"3"}],"searchedLogStreams":[]}`
	gz := testenv.Gzip(t, []byte(subscription))
	tests := []struct {
		name   string
		fields []string
		src    source.Source
		want   []string
	}{
		{"subscription payload", nil, textSource("cw.json", subscription), []string{"172.31.16.21|22=1/20/4249", "172.31.9.12|3389=1/20/4249"}},
		{"filter-log-events output", nil, textSource("events.json", filterEvents), []string{"172.31.16.21|22=1/20/4249"}},
		{"concatenated payloads", nil, textSource("cw.json", subscription+"\n"+subscription), []string{"172.31.16.21|22=2/40/8498", "172.31.9.12|3389=2/40/8498"}},
		{"an array of events", nil, textSource("a.json", `[{"message":"`+msg2+`"}]`), []string{"172.31.9.12|3389=1/20/4249"}},
		{"gzip-compressed payload (as Firehose delivers it)", nil, memSource("cw.gz", gz), []string{"172.31.16.21|22=1/20/4249", "172.31.9.12|3389=1/20/4249"}},
		{"messages in a custom format", []string{"dstaddr", "dstport", "packets", "bytes"}, textSource("c.json", `{"logEvents":[{"message":"198.51.100.7 443 5 500"}]}`), []string{"198.51.100.7|443=1/5/500"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := aggregate(t, LocalOptions{Fields: tc.fields}, Query{By: []string{"dstaddr", "dstport"}}, tc.src)
			if got := rowStrings(res.Rows); !slices.Equal(got, tc.want) {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("control messages are counted apart, not malformed", func(t *testing.T) {
		// What Firehose delivers: the health check CloudWatch Logs sends
		// to every destination, then data.
		in := cwControlPayload + subscription + cwControlPayload
		res := aggregate(t, LocalOptions{Strict: true}, Query{By: []string{"dstaddr"}}, memSource("firehose.json", []byte(in)))
		if c := res.Coverage; c.Records != 2 || c.Malformed != 0 || c.ControlMessages != 2 {
			t.Errorf("coverage %+v, want 2 records, 2 control messages, nothing malformed", c)
		}
	})
}

func TestGzipAndMixedSources(t *testing.T) {
	text := "srcaddr dstaddr packets bytes\n10.0.0.1 10.0.0.2 1 10\n"
	gz := testenv.Gzip(t, []byte(text))
	// gzip is recognised by content, not name; a multi-member gzip (as
	// concatenated .gz files are) reads as one stream.
	multi := append(append([]byte(nil), gz...), gz...)
	res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr"}},
		memSource("a.log.gz", gz), memSource("b.log", gz), textSource("c.log", text), memSource("d.gz", multi))
	if got := rowStrings(res.Rows); !slices.Equal(got, []string{"10.0.0.1=5/5/50"}) {
		t.Errorf("rows %q", got)
	}
	// The second member's header repeats the first: skipped, not malformed.
	if res.Coverage.Malformed != 0 || res.Coverage.Files != 4 {
		t.Errorf("coverage %+v, want 4 files and no malformed line", res.Coverage)
	}
	other := text + "version srcaddr\n2 10.0.0.9\n"
	res = aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr"}}, textSource("mixed.log", other))
	if c := res.Coverage; c.Malformed != 0 || c.FormatChanges != 1 || !slices.Equal(rowStrings(res.Rows), []string{"10.0.0.1=1/1/10", "10.0.0.9=1/0/0"}) {
		t.Errorf("another header inside the input: rows %q, coverage %+v", rowStrings(res.Rows), c)
	}
}

// TestBadFiles: a source that cannot be read to its end is named in
// coverage and the others are read; --strict makes it fatal, and so does
// having no readable source at all.
func TestBadFiles(t *testing.T) {
	text := "srcaddr dstaddr packets bytes\n10.0.0.1 10.0.0.2 1 10\n"
	gz := testenv.Gzip(t, []byte(text))
	corrupt := bytes.Clone(gz)
	corrupt[len(corrupt)-5] ^= 0xff // the CRC-32
	tests := []struct {
		name string
		bad  source.Source
		want string
	}{
		{"truncated gzip", memSource("cut.log.gz", gz[:len(gz)-12]), "read cut.log.gz: truncated gzip: unexpected EOF"},
		{"truncated in the header", memSource("head.log.gz", gz[:6]), "read head.log.gz: truncated gzip"},
		{"corrupt gzip", memSource("crc.log.gz", corrupt), "read crc.log.gz: gzip: invalid checksum"},
		{"not CloudWatch JSON", textSource("x.json", `{"logEvents": 3}`), "read x.json: cloudwatch logs json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			good := textSource("good.log", text)
			res := aggregate(t, LocalOptions{Workers: 2}, Query{By: []string{"srcaddr"}}, good, tc.bad, good)
			if got := rowStrings(res.Rows); !slices.Equal(got, []string{"10.0.0.1=2/2/20"}) {
				t.Errorf("rows %q", got)
			}
			if c := res.Coverage; c.Files != 3 || len(c.BadFiles) != 1 || !strings.HasPrefix(c.BadFiles[0], tc.want) {
				t.Errorf("coverage %+v, want 3 files and %q", c, tc.want)
			}
			_, err := NewLocal([]source.Source{good, tc.bad}, LocalOptions{Strict: true}).Aggregate(t.Context(), Query{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("strict: err = %v, want %q", err, tc.want)
			}
			_, err = NewLocal([]source.Source{tc.bad}, LocalOptions{}).Aggregate(t.Context(), Query{})
			if err == nil || !strings.Contains(err.Error(), "no source could be read: "+tc.want) {
				t.Errorf("only a bad source: err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestSharedFlowLogs reads every public sample in ../shared/flowlogs (not
// committed; the test skips without them): each must read without error
// and yield records, and only the deliberate "bogus line" and pandas'
// artefacts may be malformed.
func TestSharedFlowLogs(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "flowlogs")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s not present", dir)
	}
	srcs, err := source.ExpandLocal([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 10 {
		t.Fatalf("only %d sources in %s", len(srcs), dir)
	}
	for _, src := range srcs {
		t.Run(filepath.Base(src.Name), func(t *testing.T) {
			res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr", "dstaddr"}}, src)
			c := res.Coverage
			if c.Records+c.NoData+c.SkipData == 0 {
				t.Errorf("no records: %+v", c)
			}
			if c.Malformed > 0 && !strings.Contains(src.Name, "s3_custom_v5") {
				t.Errorf("malformed lines: %q", c.MalformedExamples)
			}
		})
	}
}
