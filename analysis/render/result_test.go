package render

import (
	"bytes"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/internal/golden"
)

func sampleResult(identified bool) *analysis.Result {
	t0 := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC)
	res := &analysis.Result{
		By: []string{"pkt-dstaddr", "dstport", "pkt-dst-aws-service"},
		Rows: []analysis.Row{
			{Keys: []string{"52.94.0.10", "443", "DYNAMODB"}, Flows: 1200, Packets: 34000, Bytes: 21000000, First: t0, Last: t0.Add(23 * time.Hour)},
			{Keys: []string{"198.51.100.20", "443", analysis.Absent}, Flows: 310, Packets: 900, Bytes: 120000, First: t0.Add(time.Hour), Last: t0.Add(2 * time.Hour)},
			{Keys: []string{"203.0.113.9", "8443", analysis.Absent}, Flows: 7, Packets: 7, Bytes: 420},
		},
	}
	if identified {
		res.Identified = true
		res.Rows[0].Service, res.Rows[0].ServiceSource = "DYNAMODB", "pkt-dst-aws-service"
		res.Rows[1].Service, res.Rows[1].ServiceSource = "datadog", "vendor:datadog"
	}
	return res
}

func TestWriteResult(t *testing.T) {
	for _, identified := range []bool{false, true} {
		for _, format := range Formats {
			name := format
			if identified {
				name += "-identified"
			}
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteResult(&buf, sampleResult(identified), format); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, "output/"+name+".golden", buf.Bytes())
			})
		}
	}
	t.Run("empty table", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteResult(&buf, &analysis.Result{By: []string{"srcaddr"}}, "table"); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "output/empty.golden", buf.Bytes())
	})
	if err := WriteResult(&bytes.Buffer{}, sampleResult(false), "xml"); err == nil {
		t.Error("format xml: no error")
	}
}

func TestWriteCoverage(t *testing.T) {
	t0 := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC)
	c := analysis.Coverage{
		Files: 3, Records: 120000, Matched: 30000, NoData: 12, SkipData: 3, Malformed: 2,
		MalformedExamples: []string{`a.log:7: 2 fields, the format has 14: "bogus line"`, `b.log:9: field bytes is not a number: "x": "..."`},
		First:             t0, Last: t0.Add(24 * time.Hour),
		Interfaces: []string{"eni-01", "eni-02", "eni-03", "eni-04", "eni-05", "eni-06", "eni-07"},
	}
	var buf bytes.Buffer
	WriteCoverage(&buf, c)
	golden.Check(t, "output/coverage.golden", buf.Bytes())
}
