package plan

import (
	"fmt"
	"strings"

	"github.com/aclprobe/aclprobe/internal/humanize"
)

// MaxDNSNames is how many query log names a target's evidence keeps.
const MaxDNSNames = 5

// EvidenceSummary is the one-line account of a target's evidence used in
// generated plan comments and in the preview.
func EvidenceSummary(e *Evidence) string {
	if e == nil {
		return "no flow log evidence"
	}
	parts := []string{fmt.Sprintf("%s flows, %s packets, %s", humanize.Count(e.Flows), humanize.Count(e.Packets), humanize.Bytes(e.Bytes))}
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
	if len(e.DNSNames) > 0 {
		parts = append(parts, "names "+strings.Join(e.DNSNames, ", "))
	}
	if e.Span != "" {
		parts = append(parts, "seen "+e.Span)
	}
	return strings.Join(parts, "; ")
}
