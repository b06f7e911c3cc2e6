package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/athena"
)

// engineOptions selects where an analysis runs. The local engine reads
// files and S3 objects on this machine; the athena engine runs the same
// query in Amazon Athena over a flow log table.
type engineOptions struct {
	Name string // local (default) or athena

	// Local engine.
	Memory  byteSize // memory budget; group tables spill beyond their share
	TempDir string   // where spill files go

	// Athena engine.
	Database        string
	Table           string
	Workgroup       string
	OutputLocation  string
	PartitionScheme string
	Fields          string // the table's flow log format, optional
	ShowSQL         bool
	PricePerTB      float64
}

// addEngineFlags binds the engine flags shared by analyze, impact and
// plan generate.
func addEngineFlags(fs *pflag.FlagSet, o *engineOptions) {
	fs.StringVar(&o.Name, "engine", "local", "where to run the query: local (files, S3 objects) or athena (an Athena table)")
	o.Memory = byteSize(analysis.DefaultMemory)
	fs.Var(&o.Memory, "memory", "local: memory budget (e.g. 128MiB, 1GiB); group tables beyond their share of it spill to temporary files")
	fs.StringVar(&o.TempDir, "temp-dir", "", "local: directory for spill files (default: $TMPDIR or /tmp); removed when the command ends")
	fs.StringVar(&o.Database, "database", "default", "athena: database (Glue catalog) of the flow log table")
	fs.StringVar(&o.Table, "table", "vpc_flow_logs", "athena: flow log table (create it with: aclprobe athena ddl)")
	fs.StringVar(&o.Workgroup, "workgroup", "", "athena: workgroup (default: the account's primary)")
	fs.StringVar(&o.OutputLocation, "output-location", "", "athena: s3:// prefix for query results, unless the workgroup sets one")
	fs.StringVar(&o.PartitionScheme, "partition-scheme", string(athena.SchemeDT),
		"athena: how the table is partitioned, for pruning by --since/--until: "+athena.SchemeNames())
	fs.StringVar(&o.Fields, "table-fields", "", "athena: the table's flow log format (fields the format lacks read as '-'); default: assume every field used exists")
	fs.BoolVar(&o.ShowSQL, "show-sql", false, "athena: print the query on stdout instead of running it")
	fs.Float64Var(&o.PricePerTB, "price-per-tb", 0, "athena: USD per TB scanned for the cost estimate (default: the region's price, $5 in most regions)")
}

// build returns the engine o selects; local builds the local engine from
// the command's sources and is only called when the local engine is chosen.
func (o *engineOptions) build(ctx context.Context, d *flowLogDeps, local func(context.Context) (analysis.Engine, error)) (analysis.Engine, error) {
	switch o.Name {
	case "", "local":
		if o.ShowSQL {
			return nil, fmt.Errorf("--show-sql needs --engine athena")
		}
		return local(ctx)
	case "athena":
		return o.athena(ctx, d)
	default:
		return nil, fmt.Errorf("--engine %q: want local or athena", o.Name)
	}
}

// athenaOptions turns the flags into engine options (no AWS needed).
func (o *engineOptions) athenaOptions() (athena.Options, error) {
	scheme, err := athena.ParseScheme(o.PartitionScheme)
	if err != nil {
		return athena.Options{}, fmt.Errorf("--partition-scheme: %w", err)
	}
	t := athena.Table{Database: o.Database, Name: o.Table, Scheme: scheme}
	if o.Fields != "" {
		if t.Fields, err = athena.ParseFields(o.Fields); err != nil {
			return athena.Options{}, fmt.Errorf("--table-fields: %w", err)
		}
	}
	if o.PricePerTB < 0 {
		return athena.Options{}, fmt.Errorf("--price-per-tb %g: want 0 (region price) or more", o.PricePerTB)
	}
	return athena.Options{Table: t, Workgroup: o.Workgroup, OutputLocation: o.OutputLocation, PricePerTB: o.PricePerTB}, nil
}

// athena builds the Athena engine; with --show-sql, one that prints the
// statement and ends the command successfully without calling AWS.
func (o *engineOptions) athena(ctx context.Context, d *flowLogDeps) (analysis.Engine, error) {
	opts, err := o.athenaOptions()
	if err != nil {
		return nil, err
	}
	opts.Log = d.Log()
	if o.ShowSQL {
		eng, err := athena.New(nil, opts)
		if err != nil {
			return nil, err
		}
		return &showSQLEngine{eng: eng, out: d.IO.Out}, nil
	}
	cfg, err := d.AWS.Load(ctx)
	if err != nil {
		return nil, err
	}
	client, err := d.Athena(ctx)
	if err != nil {
		return nil, err
	}
	opts.Region = cfg.Region
	return athena.New(client, opts)
}

// errSQLShown ends a command after --show-sql printed its statement: exit
// 0, nothing more printed.
var errSQLShown = &ExitError{Code: ExitOK}

// showSQLEngine prints the statement the Athena engine would run.
type showSQLEngine struct {
	eng *athena.Engine
	out io.Writer
}

// Aggregate prints q's SQL on stdout and returns errSQLShown, so the
// command stops there with exit code 0.
func (s *showSQLEngine) Aggregate(_ context.Context, q analysis.Query) (*analysis.Result, error) {
	sql, err := s.eng.SQL(q)
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintln(s.out, sql); err != nil {
		return nil, err
	}
	return nil, errSQLShown
}

// minMemory is the smallest --memory accepted: below it the chunk
// buffers alone would not fit and every batch would spill.
const minMemory = 32 << 20

// byteSize is a flag value of bytes written with an IEC unit: 512MiB,
// 1GiB, 64KiB, or plain bytes.
type byteSize int64

var sizeUnits = []struct {
	suffix string
	mult   int64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}}

// String prints the size with the largest unit that divides it.
func (b *byteSize) String() string {
	for _, u := range sizeUnits[:4] {
		if n := int64(*b); n >= u.mult && n%u.mult == 0 && (u.suffix == "TiB" || n%(u.mult<<10) != 0) {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(*b), 10)
}

// Set parses s; the unit is case-sensitive IEC, and at least minMemory.
func (b *byteSize) Set(s string) error {
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q: want a size such as 128MiB, 512MiB or 1GiB", s)
	}
	v := int64(n * float64(mult))
	if v < minMemory {
		return fmt.Errorf("%q: want at least 32MiB", s)
	}
	*b = byteSize(v)
	return nil
}

// Type names the value in --help.
func (b *byteSize) Type() string { return "size" }
