package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// fmtSeconds formats a duration in seconds compactly: 45s, 2m05s, 1h02m.
func fmtSeconds(s float64) string {
	if math.IsNaN(s) || s < 0 {
		return "?"
	}
	d := time.Duration(math.Round(s)) * time.Second
	switch {
	case s > 0 && s < 0.5:
		return "<1s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	default:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
}

// fmtSecondsPtr formats an optional duration; nil is a dash.
func fmtSecondsPtr(s *float64) string {
	if s == nil {
		return "–"
	}
	return fmtSeconds(*s)
}

// fmtClock formats a time of day in UTC (10:02:30Z).
func fmtClock(t time.Time) string { return t.UTC().Format("15:04:05Z") }

// fmtClockPtr formats an optional time of day; nil is a dash.
func fmtClockPtr(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return fmtClock(*t)
}

// fmtStamp formats a full UTC timestamp (2026-11-21 10:02:30Z).
func fmtStamp(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// plural formats a count with the singular or plural form of a noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// mdCellReplacer and mdTextReplacer are built once: mdCell runs for every
// table cell.
var (
	mdCellReplacer = strings.NewReplacer(
		`\`, `\\`, "|", `\|`, "\r\n", " ", "\n", " ", "\r", " ",
		"<", "&lt;", ">", "&gt;", "`", "'",
	)
	mdTextReplacer = strings.NewReplacer("\r\n", " ", "\n", " ", "<", "&lt;", ">", "&gt;")
)

// mdCell makes text safe inside a Markdown table cell: pipes are escaped,
// line breaks flattened and HTML-looking text neutralized.
func mdCell(s string) string { return mdCellReplacer.Replace(s) }

// mdText escapes text used outside tables (banners, lists).
func mdText(s string) string { return mdTextReplacer.Replace(s) }
