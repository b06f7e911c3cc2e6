package athena

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// fakeAthena is an in-memory Athena: each started query walks through a
// scripted sequence of states (one step per GetQueryExecution, like a
// real query progressing), results are only served once it SUCCEEDED,
// pages honour MaxResults (with the header as the first row of the first
// page, as Athena does) and StopQueryExecution cancels a running query.
type fakeAthena struct {
	mu sync.Mutex
	// script for the next query
	states  []types.QueryExecutionState
	reason  string
	scanned []int64 // bytes scanned at each step
	rows    []types.Row
	maxPage int // the most rows one page returns (Athena: 1000)
	stopErr error
	startFn func(*athena.StartQueryExecutionInput) error

	started []*athena.StartQueryExecutionInput
	stopped []string
	queries map[string]*fakeQuery
}

type fakeQuery struct {
	step  int
	state types.QueryExecutionState
}

func newFake(rows []types.Row) *fakeAthena {
	return &fakeAthena{
		states:  []types.QueryExecutionState{"QUEUED", "RUNNING", "RUNNING", "SUCCEEDED"},
		scanned: []int64{0, 1 << 30, 3 << 30, 5 << 30},
		rows:    rows, maxPage: 1000, queries: map[string]*fakeQuery{},
	}
}

func (f *fakeAthena) StartQueryExecution(_ context.Context, in *athena.StartQueryExecutionInput, _ ...func(*athena.Options)) (*athena.StartQueryExecutionOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.startFn != nil {
		if err := f.startFn(in); err != nil {
			return nil, err
		}
	}
	f.started = append(f.started, in)
	id := fmt.Sprintf("q-%d", len(f.started))
	f.queries[id] = &fakeQuery{step: -1, state: f.states[0]}
	return &athena.StartQueryExecutionOutput{QueryExecutionId: aws.String(id)}, nil
}

func (f *fakeAthena) query(id *string) (*fakeQuery, error) {
	q, ok := f.queries[aws.ToString(id)]
	if !ok {
		return nil, &types.InvalidRequestException{Message: aws.String("QueryExecution " + aws.ToString(id) + " was not found")}
	}
	return q, nil
}

// onQuery answers a read of the query id under the lock: the context's
// error, Athena's not-found error, or what answer makes of the query.
func onQuery[O any](ctx context.Context, f *fakeAthena, id *string, answer func(q *fakeQuery) (*O, error)) (*O, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	q, err := f.query(id)
	if err != nil {
		return nil, err
	}
	return answer(q)
}

func (f *fakeAthena) GetQueryExecution(ctx context.Context, in *athena.GetQueryExecutionInput, _ ...func(*athena.Options)) (*athena.GetQueryExecutionOutput, error) {
	return onQuery(ctx, f, in.QueryExecutionId, func(q *fakeQuery) (*athena.GetQueryExecutionOutput, error) {
		if q.state != types.QueryExecutionStateCancelled && q.step < len(f.states)-1 {
			q.step++
			q.state = f.states[q.step]
		}
		st := &types.QueryExecutionStatus{State: q.state}
		if q.state == types.QueryExecutionStateFailed || (q.state == types.QueryExecutionStateCancelled && f.reason != "") {
			st.StateChangeReason = aws.String(f.reason)
		}
		return &athena.GetQueryExecutionOutput{QueryExecution: &types.QueryExecution{
			QueryExecutionId: in.QueryExecutionId, Status: st,
			Statistics: &types.QueryExecutionStatistics{DataScannedInBytes: aws.Int64(f.scanned[max(q.step, 0)])},
		}}, nil
	})
}

func (f *fakeAthena) GetQueryResults(ctx context.Context, in *athena.GetQueryResultsInput, _ ...func(*athena.Options)) (*athena.GetQueryResultsOutput, error) {
	return onQuery(ctx, f, in.QueryExecutionId, func(q *fakeQuery) (*athena.GetQueryResultsOutput, error) {
		if q.state != types.QueryExecutionStateSucceeded {
			return nil, &types.InvalidRequestException{Message: aws.String("Query has not yet finished. Current state: " + string(q.state))}
		}
		start := 0
		if t := aws.ToString(in.NextToken); t != "" {
			var err error
			if start, err = strconv.Atoi(t); err != nil {
				return nil, &types.InvalidRequestException{Message: aws.String("bad token")}
			}
		}
		n := min(int(aws.ToInt32(in.MaxResults)), f.maxPage)
		if n <= 0 {
			n = f.maxPage
		}
		end := min(start+n, len(f.rows))
		out := &athena.GetQueryResultsOutput{ResultSet: &types.ResultSet{Rows: f.rows[start:end]}}
		if end < len(f.rows) {
			out.NextToken = aws.String(strconv.Itoa(end))
		}
		return out, nil
	})
}

func (f *fakeAthena) StopQueryExecution(ctx context.Context, in *athena.StopQueryExecutionInput, _ ...func(*athena.Options)) (*athena.StopQueryExecutionOutput, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("stop with a cancelled context: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopErr != nil {
		return nil, f.stopErr
	}
	q, err := f.query(in.QueryExecutionId)
	if err != nil {
		return nil, err
	}
	f.stopped = append(f.stopped, aws.ToString(in.QueryExecutionId))
	q.state = types.QueryExecutionStateCancelled
	return &athena.StopQueryExecutionOutput{}, nil
}

// row builds a result row; "NULL" stands for a SQL NULL.
func row(vals ...string) types.Row {
	r := types.Row{Data: make([]types.Datum, len(vals))}
	for i, v := range vals {
		if v != "NULL" {
			r.Data[i].VarCharValue = aws.String(v)
		}
	}
	return r
}
