package athena

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aclprobe/aclprobe/internal/humanize"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// ErrQueryFailed is wrapped by the error of a query Athena ended as FAILED
// or CANCELLED.
var ErrQueryFailed = errors.New("athena query did not succeed")

// stopTimeout bounds StopQueryExecution after ctx is cancelled.
const stopTimeout = 10 * time.Second

// progressEvery is how often a running query reports progress when its
// state does not change.
const progressEvery = 5 * time.Second

// execution is a finished query.
type execution struct {
	id      string
	scanned int64
}

// execute starts sql and polls until it succeeds, fails or ctx ends; on
// ctx's end it stops the query in Athena before returning.
func (e *Engine) execute(ctx context.Context, sql string) (execution, error) {
	in := &athena.StartQueryExecutionInput{
		QueryString:           aws.String(sql),
		QueryExecutionContext: &types.QueryExecutionContext{Database: aws.String(e.opts.Table.Database)},
	}
	if e.opts.Workgroup != "" {
		in.WorkGroup = aws.String(e.opts.Workgroup)
	}
	if e.opts.OutputLocation != "" {
		in.ResultConfiguration = &types.ResultConfiguration{OutputLocation: aws.String(e.opts.OutputLocation)}
	}
	out, err := e.api.StartQueryExecution(ctx, in)
	if err != nil {
		return execution{}, fmt.Errorf("athena: start query on %s.%s: %w", e.opts.Table.Database, e.opts.Table.Name, err)
	}
	run := execution{id: aws.ToString(out.QueryExecutionId)}
	log := e.opts.Log.With("query", run.id)
	if e.opts.Workgroup != "" {
		log = log.With("workgroup", e.opts.Workgroup)
	}
	log.Info("athena query started", "database", e.opts.Table.Database, "table", e.opts.Table.Name)

	started := e.opts.Clock.Now()
	var lastState types.QueryExecutionState
	var lastReport time.Time
	delay := e.opts.PollMin
	for {
		qe, err := e.api.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
		if err != nil {
			if ctx.Err() != nil {
				return run, e.stop(ctx, run.id)
			}
			return run, fmt.Errorf("athena query %s: get status: %w", run.id, err)
		}
		state, reason := status(qe.QueryExecution)
		run.scanned = scanned(qe.QueryExecution)
		now := e.opts.Clock.Now()
		if state != lastState || now.Sub(lastReport) >= progressEvery || terminal(state) {
			log.Info("athena query", "state", state, "scanned", humanize.Bytes(run.scanned),
				"elapsed", now.Sub(started).Round(100*time.Millisecond),
				"cost", formatCost(Cost(run.scanned, e.opts.PricePerTB)))
			lastState, lastReport = state, now
		}
		switch state {
		case types.QueryExecutionStateSucceeded:
			return run, nil
		case types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
			return run, fmt.Errorf("athena query %s %s: %s: %w", run.id, state, reason, ErrQueryFailed)
		}
		if err := e.opts.Clock.Sleep(ctx, delay); err != nil {
			return run, e.stop(ctx, run.id)
		}
		delay = min(delay*3/2, e.opts.PollMax)
	}
}

// stop cancels the query in Athena after ctx ended (Ctrl-C), with a
// context that is not cancelled, and returns an error wrapping ctx's.
func (e *Engine) stop(ctx context.Context, id string) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
	defer cancel()
	_, err := e.api.StopQueryExecution(sctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		return fmt.Errorf("athena query %s: interrupted, and stopping it failed (%v): it may still be running, stop it with: aws athena stop-query-execution --query-execution-id %s: %w", id, err, id, ctx.Err())
	}
	e.opts.Log.Info("athena query stopped", "query", id)
	return fmt.Errorf("athena query %s: interrupted, query stopped: %w", id, ctx.Err())
}

// status returns the state and, for FAILED/CANCELLED, Athena's reason.
func status(qe *types.QueryExecution) (types.QueryExecutionState, string) {
	if qe == nil || qe.Status == nil {
		return "", ""
	}
	reason := aws.ToString(qe.Status.StateChangeReason)
	if ae := qe.Status.AthenaError; ae != nil && reason == "" {
		reason = aws.ToString(ae.ErrorMessage)
	}
	if reason == "" {
		reason = "no reason given"
	}
	return qe.Status.State, reason
}

// scanned returns the bytes the query has scanned so far.
func scanned(qe *types.QueryExecution) int64 {
	if qe == nil || qe.Statistics == nil {
		return 0
	}
	return aws.ToInt64(qe.Statistics.DataScannedInBytes)
}

func terminal(s types.QueryExecutionState) bool {
	return s == types.QueryExecutionStateSucceeded || s == types.QueryExecutionStateFailed || s == types.QueryExecutionStateCancelled
}

// formatCost prints an estimated cost in US dollars.
func formatCost(usd float64) string {
	if usd < 0.0001 {
		return "<$0.0001"
	}
	return fmt.Sprintf("~$%.4f", usd)
}
