package plan

import (
	"fmt"
	"strconv"
	"strings"
)

// EvidenceSummary is the one-line account of a target's evidence used in
// generated plan comments and in the preview.
func EvidenceSummary(e *Evidence) string {
	if e == nil {
		return "no flow log evidence"
	}
	parts := []string{fmt.Sprintf("%s flows, %s packets, %s", Count(e.Flows), Count(e.Packets), Bytes(e.Bytes))}
	if len(e.TopSources) > 0 {
		parts = append(parts, "from "+strings.Join(e.TopSources, ", "))
	}
	if len(e.Ports) > 0 {
		parts = append(parts, "ports "+strings.Join(e.Ports, ", "))
	}
	if e.Service != "" {
		src := e.ServiceSource
		if src == "" {
			src = "unknown source"
		}
		parts = append(parts, fmt.Sprintf("service %s (%s)", e.Service, src))
	} else {
		parts = append(parts, "service unknown")
	}
	if e.Span != "" {
		parts = append(parts, "seen "+e.Span)
	}
	return strings.Join(parts, "; ")
}

// Count prints n with thousands separators: 1234567 -> "1,234,567".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Bytes prints a byte count in decimal units: 5600000 -> "5.6 MB".
func Bytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
