package athena

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/aclprobe/aclprobe/analysis"
)

// pageSize is the most rows GetQueryResults returns per call.
const pageSize = 1000

// fetch streams the result pages of a SUCCEEDED query into a Result: the
// first row of the first page is the header (checked against the
// statement's columns), the total row becomes the coverage, every other row
// a group.
func (e *Engine) fetch(ctx context.Context, id string, st Statement) (*analysis.Result, error) {
	want := append(append([]string{"is_total"}, st.Keys...), metricColumns...)
	res := &analysis.Result{By: st.By}
	var token *string
	header, total := false, false
	for page := 1; ; page++ {
		out, err := e.api.GetQueryResults(ctx, &athena.GetQueryResultsInput{
			QueryExecutionId: aws.String(id), NextToken: token, MaxResults: aws.Int32(pageSize),
		})
		if err != nil {
			return nil, fmt.Errorf("get results page %d: %w", page, err)
		}
		if out.ResultSet == nil {
			return nil, fmt.Errorf("results page %d: no result set", page)
		}
		rows := out.ResultSet.Rows
		if !header {
			if len(rows) == 0 {
				return nil, fmt.Errorf("results: no header row")
			}
			if err := checkHeader(rows[0], want); err != nil {
				return nil, err
			}
			rows, header = rows[1:], true
		}
		for _, r := range rows {
			isTotal, err := addRow(res, r, len(st.Keys))
			if err != nil {
				return nil, fmt.Errorf("results page %d: %w", page, err)
			}
			total = total || isTotal
		}
		token = out.NextToken
		if aws.ToString(token) == "" {
			break
		}
	}
	if !total {
		return nil, fmt.Errorf("results: no total row (is the statement the one aclprobe compiled?)")
	}
	return res, nil
}

// checkHeader verifies the result columns are the ones compiled.
func checkHeader(r types.Row, want []string) error {
	if len(r.Data) != len(want) {
		return fmt.Errorf("results header has %d columns, want %d (%v)", len(r.Data), len(want), want)
	}
	for i, d := range r.Data {
		if got := aws.ToString(d.VarCharValue); got != want[i] {
			return fmt.Errorf("results header column %d is %q, want %q", i+1, got, want[i])
		}
	}
	return nil
}

// addRow parses one result row into res: a group row, or the total row's
// coverage. It reports whether the row was the total.
func addRow(res *analysis.Result, r types.Row, nkeys int) (bool, error) {
	if len(r.Data) != 1+nkeys+len(metricColumns) {
		return false, fmt.Errorf("row has %d columns, want %d", len(r.Data), 1+nkeys+len(metricColumns))
	}
	isTotal := aws.ToString(r.Data[0].VarCharValue) == "true"
	p := rowParser{data: r.Data[1+nkeys:]}
	flows, packets, bytes := p.int(0), p.int(1), p.int(2)
	firstStart, lastEnd := p.time(3), p.time(4)
	if isTotal {
		res.Coverage.Matched = flows
		res.Coverage.Records = p.int(5)
		res.Coverage.NoData = p.int(6)
		res.Coverage.SkipData = p.int(7)
		res.Coverage.First, res.Coverage.Last = p.time(8), p.time(9)
		if v := aws.ToString(r.Data[len(r.Data)-1].VarCharValue); v != "" {
			res.Coverage.Interfaces = strings.Split(v, ",")
		}
		return true, p.err
	}
	keys := make([]string, nkeys)
	for i := range keys {
		keys[i] = aws.ToString(r.Data[1+i].VarCharValue)
		if r.Data[1+i].VarCharValue == nil {
			keys[i] = analysis.Absent
		}
	}
	res.Rows = append(res.Rows, analysis.Row{
		Keys: keys, Flows: flows, Packets: packets, Bytes: bytes, First: firstStart, Last: lastEnd,
	})
	return false, p.err
}

// rowParser reads numeric columns, keeping the first error.
type rowParser struct {
	data []types.Datum
	err  error
}

// int parses column i; NULL is 0.
func (p *rowParser) int(i int) int64 {
	s := p.data[i].VarCharValue
	if s == nil || *s == "" {
		return 0
	}
	n, err := strconv.ParseInt(*s, 10, 64)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("column %s: %q is not an integer", metricColumns[i], *s)
	}
	return n
}

// time parses column i as unix seconds; NULL is the zero time.
func (p *rowParser) time(i int) time.Time {
	s := p.data[i].VarCharValue
	if s == nil || *s == "" {
		return time.Time{}
	}
	return time.Unix(p.int(i), 0).UTC()
}
