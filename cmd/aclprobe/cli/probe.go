package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe"
)

// ProbeOptions are the inputs of `aclprobe probe`.
type ProbeOptions struct {
	IO  *IO
	Log func() *slog.Logger

	File   string
	Format string // table or json
}

// NewCmdProbe builds `aclprobe probe` on f. runF, when not nil, is called
// with the parsed and validated options instead of probing.
func NewCmdProbe(f *Factory, runF func(*ProbeOptions) error) *cobra.Command {
	opts := &ProbeOptions{IO: f.IOStreams, Log: f.Logger}
	cmd := &cobra.Command{
		Use:   "probe FILE",
		Short: "Run a plan's probes once, now, and print a table",
		Long: `Probe loads and validates a plan, runs each of its probes (watch.probes)
once, now, all at the same time, and prints one row per probe: name, kind,
ok, latency and what was seen (status, resolved addresses, error, the tail
of a command's output). Failure thresholds are ignored: one attempt each.
It changes nothing and needs no AWS access: a quick check of a plan's
probes before a run. Header values read from the environment (from_env)
must be set, and are never printed.

Exits 0 when every probe passed, 1 when any failed or the plan is invalid.`,
		Example: `  aclprobe probe plan.yaml
  API_TOKEN=$(cat token) aclprobe probe plans/staging-api.yaml
  aclprobe probe plan.yaml --format json | jq '.probes[] | select(.ok | not)'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if opts.Format != "table" && opts.Format != "json" {
				return fmt.Errorf("--format %q: want table or json", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return runProbe(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "table", "output format: table or json")
	return cmd
}

// runProbe runs every probe of the plan once and prints the results.
func runProbe(ctx context.Context, opts *ProbeOptions) error {
	p, _, err := plan.Load(opts.File)
	if err != nil {
		return err
	}
	set, err := probe.NewSet(p.Watch.Probes, p.Timing.PollInterval.D())
	if err != nil {
		return fmt.Errorf("plan %s: %w", opts.File, err)
	}
	names := set.Names()
	if len(names) == 0 {
		opts.Log().Warn("the plan has no probes (watch.probes): nothing to run", "plan", opts.File)
	}
	opts.Log().Info("running probes once", "plan", opts.File, "probes", len(names))
	results := set.RunOnce(ctx)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("probe %s: %w", opts.File, err)
	}
	if opts.Format == "json" {
		err = writeProbeJSON(opts.IO.Out, opts.File, results)
	} else {
		err = writeProbeTable(opts.IO.Out, results)
	}
	if err != nil {
		return err
	}
	if failed := countFailed(results); failed > 0 {
		return WithCode(ExitFailure, fmt.Errorf("%d of %d probes failed", failed, len(results)))
	}
	return nil
}

func countFailed(results []probe.Result) int {
	n := 0
	for _, r := range results {
		if !r.Sample.OK {
			n++
		}
	}
	return n
}

// writeProbeTable prints one aligned row per probe.
func writeProbeTable(w io.Writer, results []probe.Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tOK\tLATENCY\tDETAIL")
	for _, r := range results {
		ok := "yes"
		if !r.Sample.OK {
			ok = "NO"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, r.Type, ok, formatLatency(r.Sample.Latency), probeDetail(r.Sample))
	}
	return tw.Flush()
}

// probeDetail is what a row says: the observation when it passed, the
// error and any output tail when it failed.
func probeDetail(s probe.Sample) string {
	if s.OK {
		return s.Detail
	}
	d := s.Error
	if out := strings.TrimSpace(s.Output); out != "" {
		d += "; output: " + strings.Join(strings.Split(out, "\n"), " | ")
	}
	return d
}

func formatLatency(d time.Duration) string {
	if d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}

// probeJSON is the --format json document.
type probeJSON struct {
	Plan   string           `json:"plan"`
	OK     bool             `json:"ok"`
	Probes []probeResultDoc `json:"probes"`
}

type probeResultDoc struct {
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	OK        bool      `json:"ok"`
	At        time.Time `json:"at"`
	LatencyMS float64   `json:"latency_ms"`
	Detail    string    `json:"detail,omitempty"`
	Error     string    `json:"error,omitempty"`
	Output    string    `json:"output,omitempty"`
}

func writeProbeJSON(w io.Writer, file string, results []probe.Result) error {
	doc := probeJSON{Plan: file, OK: countFailed(results) == 0, Probes: []probeResultDoc{}}
	for _, r := range results {
		s := r.Sample
		doc.Probes = append(doc.Probes, probeResultDoc{
			Name: r.Name, Kind: r.Type, OK: s.OK, At: s.At.UTC(), LatencyMS: float64(s.Latency.Microseconds()) / 1000,
			Detail: s.Detail, Error: s.Error, Output: s.Output,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
