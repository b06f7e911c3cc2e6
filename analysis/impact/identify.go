package impact

import (
	"context"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/identify"
)

// Annotate labels each flow with the service behind its blocked endpoint
// (the destination, or the source when only the source is blocked) and
// sets im.Identified. Impact does not group by pkt-dst-aws-service, so
// labels come from range files and reverse DNS; with query log names
// (--dns-logs), a name more specific than those wins
// (identify.LabelFromNames).
func (im *Impact) Annotate(ctx context.Context, id *identify.Identifier) error {
	res := &analysis.Result{By: []string{flowlog.FieldDstEndpoint}, Rows: make([]analysis.Row, len(im.Flows))}
	for i, f := range im.Flows {
		addr := f.Dst
		if f.Blocked == "src" {
			addr = f.Src
		}
		res.Rows[i].Keys = []string{addr}
		if f.Blocked != "src" {
			res.Rows[i].DNSNames = f.DNSNames
		}
	}
	if err := id.Annotate(ctx, res); err != nil {
		return err
	}
	if im.DNSJoined {
		identify.LabelFromNames(res) // a name more specific than the range label wins
	}
	for i := range im.Flows {
		im.Flows[i].Service, im.Flows[i].ServiceSource = res.Rows[i].Service, res.Rows[i].ServiceSource
	}
	im.Identified = true
	return nil
}
