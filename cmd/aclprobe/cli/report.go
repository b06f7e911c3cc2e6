package cli

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/run/report"
)

// ReportOptions are the inputs of `report`.
type ReportOptions struct {
	IO  *IO
	Log func() *slog.Logger

	Path    string // run directory or results.json
	Format  string // md, html or json
	Output  string // file; empty: stdout
	Compare string // a compare --format json result to chart; empty: none
}

// NewCmdReport builds `aclprobe report` on f. runF, when not nil, is
// called with the parsed options instead of rendering.
func NewCmdReport(f *Factory, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{IO: f.IOStreams, Log: f.Logger}
	cmd := &cobra.Command{
		Use:   "report RUN_DIR|results.json",
		Short: "Render a run's report from results.json and journal.jsonl",
		Long: `Report re-renders a run's report from its results.json and the
journal.jsonl next to it (optional), with no AWS access. Formats: md
(Markdown for tickets and merge requests), html (one self-contained page
with inline SVG timelines, no scripts, printable) and json (the computed
report: summary, findings, timelines, recommendations, journal summary).
Without --format, the format follows the extension of -o (.md or .markdown,
.html or .htm, .json; any other is an error); --format wins when given.
Without -o, Markdown goes to stdout. run writes report.md and report.html itself after every run.
--compare adds an "After the change" section: the totals and a bar chart of
the busiest groups before and after, from aclprobe compare --format json.`,
		Example: `  aclprobe report runs/2026-11-21T10-00-00Z-nat/
  aclprobe report runs/2026-11-21T10-00-00Z-nat/ -o report.html
  aclprobe report runs/2026-11-21T10-00-00Z-nat/results.json --format json | jq '.recommendations'

  # the after-effect of the migration the run led to, charted under the recommendations
  aclprobe compare flowlogs/before/ flowlogs/after/ --nat-ip 10.20.0.10 --by dst-endpoint --format json > compare.json
  aclprobe report runs/2026-11-21T10-00-00Z-nat/ --compare compare.json -o report.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if !cmd.Flags().Changed("format") && opts.Output != "" {
				f, err := formatFromName(opts.Output)
				if err != nil {
					return WithCode(ExitFailure, err)
				}
				opts.Format = f
			}
			if runF != nil {
				return runF(opts)
			}
			return runReport(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", report.FormatMarkdown, "output format: md, html or json")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().StringVar(&opts.Compare, "compare", "", "add an \"After the change\" section charting this aclprobe compare --format json result")
	return cmd
}

// formatFromName picks the format from an output file's extension; an
// extension that names no format is an error, so `-o out.pdf` or `-o json`
// never writes Markdown under a name that promises something else.
func formatFromName(name string) (string, error) {
	ext := filepath.Ext(name)
	switch strings.ToLower(ext) {
	case ".md", ".markdown":
		return report.FormatMarkdown, nil
	case ".html", ".htm":
		return report.FormatHTML, nil
	case ".json":
		return report.FormatJSON, nil
	case "":
		return "", fmt.Errorf("-o %s: no extension names the report format (want .md, .html or .json, or give --format)", name)
	default:
		return "", fmt.Errorf("-o %s: %q names no report format (want .md, .html or .json, or give --format)", name, ext)
	}
}

// runReport loads the run and renders its report to stdout or a file.
func runReport(_ context.Context, opts *ReportOptions) error {
	switch opts.Format {
	case report.FormatMarkdown, report.FormatHTML, report.FormatJSON:
	default:
		return fmt.Errorf("--format %q: want md, html or json", opts.Format)
	}
	in, err := report.Load(opts.Path)
	if err != nil {
		return err
	}
	if opts.Compare != "" {
		if in.Compare, err = report.LoadCompare(opts.Compare); err != nil {
			return fmt.Errorf("--compare: %w", err)
		}
	}
	for _, w := range in.Warnings {
		opts.Log().Warn("report: " + w)
	}
	if opts.Output == "" {
		return report.Render(opts.IO.Out, in, opts.Format)
	}
	if err := report.WriteFile(opts.Output, in, opts.Format); err != nil {
		return err
	}
	opts.Log().Info("report written", "file", opts.Output, "format", opts.Format)
	return nil
}
