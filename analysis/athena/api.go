package athena

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/athena"
)

// API is the part of the Athena client the engine uses; *athena.Client
// implements it, tests use an in-memory fake.
type API interface {
	// StartQueryExecution submits a query and returns its execution id.
	StartQueryExecution(ctx context.Context, in *athena.StartQueryExecutionInput, optFns ...func(*athena.Options)) (*athena.StartQueryExecutionOutput, error)
	// GetQueryExecution returns a query's state, statistics and the reason
	// for a FAILED or CANCELLED state.
	GetQueryExecution(ctx context.Context, in *athena.GetQueryExecutionInput, optFns ...func(*athena.Options)) (*athena.GetQueryExecutionOutput, error)
	// GetQueryResults returns one page of a SUCCEEDED query's rows; the
	// first row of the first page is the header.
	GetQueryResults(ctx context.Context, in *athena.GetQueryResultsInput, optFns ...func(*athena.Options)) (*athena.GetQueryResultsOutput, error)
	// StopQueryExecution cancels a running query.
	StopQueryExecution(ctx context.Context, in *athena.StopQueryExecutionInput, optFns ...func(*athena.Options)) (*athena.StopQueryExecutionOutput, error)
}

var _ API = (*athena.Client)(nil)
