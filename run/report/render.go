package report

import (
	"embed"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	texttemplate "text/template"

	"github.com/aclprobe/aclprobe/internal/humanize"
	"github.com/aclprobe/aclprobe/run"
)

// Formats Render understands.
const (
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatJSON     = "json"
)

//go:embed templates/*
var templateFS embed.FS

var funcs = map[string]any{
	"md":     mdCell,
	"mdtext": mdText,
	"secs":   fmtSeconds,
	"secp":   fmtSecondsPtr,
	"bytes":  humanize.Bytes,
	"count":  humanize.Count,
	"bytesf": func(v float64) string { return humanize.Bytes(int64(math.Round(v))) },
	"barEnd": func(a, b float64) float64 { return 226 + max(a, b) }, // where a compare bar's label goes
	"countf": func(v float64) string { return humanize.Count(int64(math.Round(v))) },
	"clock":  fmtClock,
	"clockp": fmtClockPtr,
	"stamp":  fmtStamp,
	"join":   strings.Join,
	"ints": func(xs []int) string {
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, ", ")
	},
	"plural":       plural,
	"leftover":     func(ls []run.Leftover) string { n, _ := leftoverNoun(ls); return n },
	"leaseLeft":    leaseLeft,
	"list":         func(ss []string) string { return orDefault(strings.Join(ss, ", "), "none") },
	"px":           func(f float64) string { return fmt.Sprintf("%.1f", f) },
	"textTimeline": func(tl Timeline) string { return tl.Text() },
	"add":          func(a, b float64) float64 { return a + b },
	"mid":          func(x, w float64) float64 { return x + w/2 },
	"barFill":      func(b ChartBar, id string) barFill { return barFill{State: b.State, ID: id} },
}

var (
	mdTemplate = texttemplate.Must(texttemplate.New("md").Funcs(funcs).
			ParseFS(templateFS, "templates/report.md.tmpl"))
	htmlTemplate = htmltemplate.Must(htmltemplate.New("html").Funcs(funcs).
			ParseFS(templateFS, "templates/report.html.tmpl", "templates/chart.svg.tmpl", "templates/style.css.tmpl"))
)

// barFill is what the chart's fill template needs for one bar.
type barFill struct{ State, ID string }

// Render writes the report of in to w as md (Markdown), html (a single
// self-contained page) or json (the computed Report).
func Render(w io.Writer, in *Input, format string) error {
	rep := Build(in)
	switch format {
	case FormatMarkdown:
		return mdTemplate.ExecuteTemplate(w, "report.md", rep)
	case FormatHTML:
		return htmlTemplate.ExecuteTemplate(w, "report.html", rep)
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	default:
		return fmt.Errorf("report format %q: want md, html or json", format)
	}
}

// WriteFiles reads results.json and journal.jsonl from the run directory
// dir and writes report.md and report.html next to them. Each file is
// written to a temporary name and renamed, so a reader never sees half.
func WriteFiles(dir string) error {
	in, err := Load(dir)
	if err != nil {
		return err
	}
	for _, f := range []struct{ name, format string }{{MarkdownFile, FormatMarkdown}, {HTMLFile, FormatHTML}} {
		if err := WriteFile(filepath.Join(dir, f.name), in, f.format); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile renders in as format into path, atomically.
func WriteFile(path string, in *Input, format string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := Render(tmp, in, format); err != nil {
		tmp.Close()
		return fmt.Errorf("report %s: render: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	return nil
}
