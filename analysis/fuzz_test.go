package analysis

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/source"
)

const fuzzHeader = "version srcaddr dstaddr packets bytes start end log-status"

// referenceCounts is the line rules written the slow, obvious way: a line
// (without its '\r') is its space-separated words; no words is a blank
// line; words separated by spaces or tabs that are all field names, one of
// them known, with no repeat, are a header: of the current format it is
// skipped, of another it switches the format from the next line on; the
// wrong number of words, or a numeric field that is neither digits nor
// "-", is malformed; NODATA and SKIPDATA are counted apart.
func referenceCounts(body string) (records, malformed, noData, skipData int64) {
	f := mustLayout(strings.Fields(fuzzHeader))
	lines := strings.Split(body, "\n")
	if strings.HasSuffix(body, "\n") {
		lines = lines[:len(lines)-1]
	}
	for _, line := range lines {
		// A header is recognised without any trailing '\r' (as
		// flowlog.FindHeader does); a record line loses only one.
		if h := referenceHeader(strings.TrimRight(line, "\r")); h != nil {
			f = h
			continue
		}
		line = strings.TrimSuffix(line, "\r")
		words := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' })
		switch {
		case len(words) == 0:
			continue
		case len(words) != len(f.Names):
			malformed++
			continue
		}
		bad := false
		for _, k := range f.Numeric {
			bad = bad || !numericOK([]byte(words[k]))
		}
		status := ""
		if f.Status >= 0 {
			status = words[f.Status]
		}
		switch {
		case bad:
			malformed++
		case status == "NODATA":
			noData++
		case status == "SKIPDATA":
			skipData++
		default:
			records++
		}
	}
	return
}

// referenceHeader returns the format a header line declares, or nil.
func referenceHeader(line string) *flowlog.Layout {
	words := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' })
	known := false
	for _, w := range words {
		if !flowlog.ValidName(w) {
			return nil
		}
		known = known || flowlog.Recorded(flowlog.NormalizeField(w))
	}
	if !known {
		return nil
	}
	f, err := flowlog.NewLayout(words)
	if err != nil {
		return nil
	}
	return f
}

// FuzzParse feeds arbitrary text after a header line to the engine, in
// both parse modes: it must never fail or panic, and its counts must
// match referenceCounts.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"2 10.0.0.1 10.0.0.2 1 10 1700000000 1700000060 OK\n",
		"2 - - - - 1700000000 1700000060 NODATA\n2 - - - - 1 2 SKIPDATA\n",
		"2  10.0.0.1 10.0.0.2 1 10 1 2 OK \r\n\n\nbogus line\n",
		"2 10.0.0.1 10.0.0.2 x 10 1 2 OK\n2 10.0.0.1 10.0.0.2 1 10 1 2 OK extra",
		"2 ::1 fe80::1 99999999999999999999 1 1 2 OK\n",
		fuzzHeader + "\n2 10.0.0.1 10.0.0.2 1 10 1 2 OK\nversion srcaddr\n",
		"2 10.0.0.1 10.0.0.2 1 10 1 2 OK\nsrcaddr version\n10.0.0.1 2\n10.0.0.1 x\n" + fuzzHeader + "\r\n2 10.0.0.1 10.0.0.2 1 10 1 2 OK\n",
		"dstaddr\tsrcaddr  pkt_srcaddr\n10.0.0.1 10.0.0.2 10.0.0.3\nfoo bar\nsrcaddr srcaddr\n",
		strings.Repeat("2 10.0.0.1 10.0.0.2 1 10 1 2 OK\n", 40),
		"version\nversion ",
		fuzzHeader + " \n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		src := textSource("fuzz.log", fuzzHeader+"\n"+body)
		records, malformed, noData, skipData := referenceCounts(body)
		for _, mode := range parseModes {
			l := NewLocal([]source.Source{src}, LocalOptions{Workers: 2})
			l.inline = &mode.inline
			res, err := l.Aggregate(t.Context(), Query{By: []string{"srcaddr", "dstaddr"}})
			if err != nil {
				t.Fatalf("%s: Aggregate: %v", mode.name, err)
			}
			c := res.Coverage
			if c.Records != records || c.Malformed != malformed || c.NoData != noData || c.SkipData != skipData {
				t.Fatalf("%s: engine %d records, %d malformed, %d NODATA, %d SKIPDATA; reference %d, %d, %d, %d",
					mode.name, c.Records, c.Malformed, c.NoData, c.SkipData, records, malformed, noData, skipData)
			}
			var flows int64
			for _, r := range res.Rows {
				flows += r.Flows
			}
			if flows != records {
				t.Fatalf("%s: rows hold %d flows, want %d", mode.name, flows, records)
			}
		}
	})
}

// TestClassifyMatchesGo checks the SSE2 classifier against the portable
// one on every byte value at every position.
func TestClassifyMatchesGo(t *testing.T) {
	data := make([]byte, 64*8)
	for i := range data {
		data[i] = byte(i * 7)
	}
	copy(data[100:], "2 10.0.0.1 10.0.0.2 1 10 1700000000 - OK\n \n0123456789/:")
	n := len(data) / 64
	sp, nl, dg := make([]uint64, n), make([]uint64, n), make([]uint64, n)
	gsp, gnl, gdg := make([]uint64, n), make([]uint64, n), make([]uint64, n)
	classifyBlocks(data, sp, nl, dg)
	classifyBlocksGo(data, gsp, gnl, gdg)
	for i := range n {
		tsp, tnl, tdg := classifyTail(data[i*64 : i*64+64])
		if sp[i] != gsp[i] || nl[i] != gnl[i] || dg[i] != gdg[i] || sp[i] != tsp || nl[i] != tnl || dg[i] != tdg {
			t.Fatalf("block %d: asm %x %x %x, go %x %x %x, bytewise %x %x %x", i, sp[i], nl[i], dg[i], gsp[i], gnl[i], gdg[i], tsp, tnl, tdg)
		}
	}
}

func TestAtoiFast(t *testing.T) {
	buf := []byte("0 7 42 1764806400 99999999 100000000 123456789012345678 9999999999999999 - 00012 ")
	for _, f := range strings.Fields(string(buf)) {
		i := strings.Index(string(buf), f+" ")
		b := buf[i : i+len(f)]
		if got, want := atoiFast(b), atoi(b); got != want {
			t.Errorf("atoiFast(%q) = %d, want %d", f, got, want)
		}
		if got, want := atoiFast([]byte(f)), atoi([]byte(f)); got != want {
			t.Errorf("atoiFast(%q) without slack = %d, want %d", f, got, want)
		}
	}
}

// TestBadNumber checks the 8-bytes-at-a-time number test on the lenient
// path, around its 8 and 16 byte boundaries (a precedence slip once let
// "00000000!0" pass).
func TestBadNumber(t *testing.T) {
	tests := []struct {
		field string
		bad   bool
	}{
		{"0", false}, {"-", false}, {"12345678", false}, {"123456789", false}, {"1234567890123456", false},
		{"12345678901234567", false}, {"x", true}, {"1234567!", true}, {"00000000!", true}, {"00000000!0", true},
		{"123456789012345!", true}, {"--", true}, {"1-", true}, {"+1", true},
	}
	for _, tc := range tests {
		t.Run(tc.field, func(t *testing.T) {
			for _, pad := range []string{"", " 0 0 0 0 0 0 0 0 0 0 0"} { // without and with 16 bytes of slack
				r := &lineRecord{data: []byte(tc.field + pad)}
				r.ends[0], r.ends[1] = -1, int32(len(tc.field))
				if got := r.badNumber([]int{0}) == 0; got != tc.bad {
					t.Errorf("badNumber(%q), pad %d: bad = %v, want %v", tc.field, len(pad), got, tc.bad)
				}
			}
		})
	}
}

// FuzzParseModes: both parse modes give the same Result, or the same
// error, for any text, strict or not.
func FuzzParseModes(f *testing.F) {
	f.Add("srcaddr dstaddr dstport\n10.0.0.1 10.0.0.2 443\ndstaddr srcaddr\n10.0.0.2 10.0.0.1\n", false)
	f.Add("srcaddr dstaddr\r\n10.0.0.1 10.0.0.2\nbogus\ndstaddr srcaddr\r\r\nsrcaddr dstaddr\n", true)
	f.Fuzz(func(t *testing.T, body string, strict bool) {
		var results [2]*Result
		var errs [2]string
		for i, mode := range parseModes {
			l := NewLocal([]source.Source{textSource("f.log", body)}, LocalOptions{Workers: 1, Strict: strict})
			l.inline = &mode.inline
			res, err := l.Aggregate(t.Context(), Query{By: []string{"srcaddr", "dstaddr"}})
			results[i] = res
			if err != nil {
				errs[i] = err.Error()
			}
		}
		if errs[0] != errs[1] || !reflect.DeepEqual(results[0], results[1]) {
			t.Fatalf("parsers: %+v, %q\ninline: %+v, %q", results[0], errs[0], results[1], errs[1])
		}
	})
}

// FuzzGroupKey holds the group key encoding (appendKey) to the values'
// text: a value decodes to itself (absent when "-", empty, or 255 bytes
// or more), two values encode equal exactly when their texts are, and
// keys order as their texts do, absent last, though canonical IPv4
// addresses are stored as 4 bytes.
func FuzzGroupKey(f *testing.F) {
	for _, c := range [][2]string{{"10.0.0.1", "9.0.0.1"}, {"010.0.0.1", "10.0.0.1"}, {"-", "255.255.255.255"}, {"1.2.3.4", "1.2.3.4x"}, {"0.0.0.0", ""}} {
		f.Add(c[0], c[1])
	}
	specs := []groupSpec{{primary: 0, fallback: -1}}
	encode := func(v string) []byte {
		r := &lineRecord{data: []byte(v), n: 1}
		r.ends[0], r.ends[1] = -1, int32(len(v))
		return appendKey(nil, specs, r)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ka, kb := encode(a), encode(b)
		if got := keyValues(ka, 1); len(got) != 1 || got[0] != groupText(a) {
			t.Fatalf("%q decodes as %q", a, got)
		}
		ta, tb := groupText(a), groupText(b)
		if (ta == tb) != bytes.Equal(ka, kb) {
			t.Fatalf("%q and %q: keys %x and %x", a, b, ka, kb)
		}
		if got, want := compareKeys(ka, kb), compareGroupText(ta, tb); got != want {
			t.Fatalf("compareKeys(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}

// groupText is the value a group shows for field value v, written the
// obvious way: absent for "-", for an empty value and for one of 255 bytes
// or more, else v itself.
func groupText(v string) string {
	if v == "" || v == Absent || len(v) >= ipv4Tag {
		return Absent
	}
	return v
}

// compareGroupText orders two group values by their text, absent last.
func compareGroupText(x, y string) int {
	switch {
	case x == Absent && y == Absent:
		return 0
	case x == Absent:
		return 1
	case y == Absent:
		return -1
	}
	return strings.Compare(x, y)
}
