package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis/athena"
)

func newAthenaCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "athena",
		Short: "Athena helpers (print the flow log table DDL)",
		Example: `  aclprobe athena ddl --fields 'version account-id ...' --location s3://bucket/AWSLogs/111122223333/vpcflowlogs/eu-west-1/
  aclprobe analyze --engine athena --database flowlogs --table vpc_flow_logs --since 2024-01-01 --top 20`,
	}
	cmd.AddCommand(NewCmdAthenaDDL(f, nil))
	return cmd
}

// AthenaDDLOptions are the inputs of `aclprobe athena ddl`.
type AthenaDDLOptions struct {
	IO *IO
	// Now anchors a relative --projection-start.
	Now func() time.Time

	Fields          string
	Location        string
	Scheme          string
	Database        string
	Table           string
	ProjectionStart string
}

// NewCmdAthenaDDL builds `aclprobe athena ddl` on f. runF, when not nil,
// is called with the parsed options instead of printing the statement.
func NewCmdAthenaDDL(f *Factory, runF func(*AthenaDDLOptions) error) *cobra.Command {
	opts := &AthenaDDLOptions{IO: f.IOStreams, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "ddl --fields FORMAT --location s3://.../AWSLogs/<account>/vpcflowlogs/<region>/",
		Short: "Print CREATE EXTERNAL TABLE for flow logs in an exact format, with partition projection",
		Long: `Print the Athena CREATE EXTERNAL TABLE statement for VPC flow logs delivered
to S3 as text in exactly the given format (the flow log's LogFormat, in the
same order), partitioned by delivery day with partition projection, so new
days need no ALTER TABLE ADD PARTITION and --since/--until prune the scan.
Run the statement once in the Athena console (or aws athena
start-query-execution), then query with: aclprobe analyze --engine athena.`,
		Example: `  # the format line is the flow log's LogFormat (aws ec2 describe-flow-logs)
  aclprobe athena ddl \
    --fields '${version} ${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${pkt-srcaddr} ${pkt-dstaddr} ${pkt-dst-aws-service}' \
    --location s3://flowlogs-bucket/AWSLogs/111122223333/vpcflowlogs/eu-west-1/ \
    --database flowlogs --table natgw`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runAthenaDDL(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Fields, "fields", "", "the flow log format line, e.g. 'version account-id interface-id ...' or '${version} ${account-id} ...' (required)")
	fs.StringVar(&opts.Location, "location", "", "s3://bucket/[prefix/]AWSLogs/<account>/vpcflowlogs/<region>/ (required)")
	fs.StringVar(&opts.Scheme, "partition-scheme", string(athena.SchemeDT), "partitioning: "+athena.SchemeNames())
	fs.StringVar(&opts.Database, "database", "default", "database to create the table in")
	fs.StringVar(&opts.Table, "table", "vpc_flow_logs", "table name")
	fs.StringVar(&opts.ProjectionStart, "projection-start", athena.DefaultProjectionStart, "first projected day: NOW-<n>YEARS|MONTHS|WEEKS|DAYS or YYYY-MM-DD")
	_ = cmd.MarkFlagRequired("fields")
	_ = cmd.MarkFlagRequired("location")
	return cmd
}

// runAthenaDDL prints the CREATE EXTERNAL TABLE statement on stdout.
func runAthenaDDL(_ context.Context, opts *AthenaDDLOptions) error {
	fields, err := athena.ParseFields(opts.Fields)
	if err != nil {
		return fmt.Errorf("--fields: %w", err)
	}
	scheme, err := athena.ParseScheme(opts.Scheme)
	if err != nil {
		return fmt.Errorf("--partition-scheme: %w", err)
	}
	ddl, err := athena.DDL(athena.DDLOptions{
		Fields: fields, Location: opts.Location, Scheme: scheme,
		Database: opts.Database, Table: opts.Table,
		ProjectionStart: opts.ProjectionStart, Now: opts.Now(),
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(opts.IO.Out, ddl)
	return err
}
