package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/aclprobe/aclprobe/acl/ruleset"
	"github.com/aclprobe/aclprobe/analysis/render"
)

// deniedFlow is an observed flow a rule set would deny.
type deniedFlow struct {
	Direction string `json:"direction"`
	Src       string `json:"srcaddr"`
	Dst       string `json:"dstaddr"`
	SrcPort   int    `json:"srcport"`
	DstPort   int    `json:"dstport"`
	Protocol  string `json:"protocol"`
	Flows     int64  `json:"flows"`
	Packets   int64  `json:"packets"`
	Bytes     int64  `json:"bytes"`
	Rule      string `json:"rule"`
}

// checkRules validates --rules and what it needs, every problem at once.
func (o *ImpactOptions) checkRules() error {
	var errs []error
	if len(o.Block) > 0 || len(o.Except) > 0 {
		errs = append(errs, errors.New("--rules checks a whole rule set: give it without --block and --except"))
	}
	if len(o.SrcCIDRs) == 0 {
		errs = append(errs, errors.New("--rules needs --src-cidr: the subnets the rule set's ACL is associated with"))
	}
	errs = append(errs, checkFormat(o.Format, render.Formats))
	return errors.Join(errs...)
}

// runImpactRules evaluates every observed flow of the subnets against
// the rule set, lists the denied ones and returns ExitFinding if any.
func runImpactRules(ctx context.Context, o *ImpactOptions) error {
	if err := o.checkRules(); err != nil {
		return err
	}
	set, err := ruleset.Load(o.Rules)
	if err != nil {
		return fmt.Errorf("--rules: %w", err)
	}
	flows, st, res, err := readSubnetFlows(ctx, &o.analysisOptions, &o.flowLogDeps)
	if err != nil {
		return err
	}
	denied := []deniedFlow{}
	var deniedRecords int64
	ev := set.Evaluator()
	for _, f := range flows {
		pk := f.Packet()
		v := ev.Evaluate(pk)
		if v.Allowed {
			continue
		}
		denied = append(denied, deniedFlow{Direction: pk.Direction.String(), Src: f.Src.String(), Dst: f.Dst.String(),
			SrcPort: f.SrcPort, DstPort: f.DstPort, Protocol: f.Protocol.Name(), Flows: f.Row.Flows, Packets: f.Row.Packets,
			Bytes: f.Row.Bytes, Rule: v.RuleText()})
		deniedRecords += f.Row.Flows
	}
	if err := writeDenied(o.IO.Out, denied, o.Format); err != nil {
		return err
	}
	render.WriteCoverage(o.IO.ErrOut, res.Coverage)
	fmt.Fprintf(o.IO.ErrOut, "rules: %d entries from %s; %d flow legs of %s checked (%d flows inside, %d outside the subnets not checked)\n",
		len(set.Entries), o.Rules, len(flows), strings.Join(o.SrcCIDRs, ","), st.Inside, st.Outside)
	if len(denied) == 0 {
		fmt.Fprintln(o.IO.ErrOut, "verdict: the rule set would deny no observed flow")
		return nil
	}
	fmt.Fprintf(o.IO.ErrOut, "verdict: the rule set would deny observed traffic: %d flow legs, %d flow log records\n", len(denied), deniedRecords)
	return WithCode(ExitFinding, nil)
}

func writeDenied(w io.Writer, denied []deniedFlow, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"denied": denied})
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"direction", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "flows", "packets", "bytes", "rule"})
		for _, d := range denied {
			_ = cw.Write([]string{d.Direction, d.Src, d.Dst, strconv.Itoa(d.SrcPort), strconv.Itoa(d.DstPort), d.Protocol,
				strconv.FormatInt(d.Flows, 10), strconv.FormatInt(d.Packets, 10), strconv.FormatInt(d.Bytes, 10), d.Rule})
		}
		cw.Flush()
		return cw.Error()
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "DIRECTION\tSOURCE\tDESTINATION\tSRCPORT\tDSTPORT\tPROTOCOL\tFLOWS\tPACKETS\tBYTES\tDENIED BY")
		for _, d := range denied {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%d\t%d\t%d\t%s\n", d.Direction, d.Src, d.Dst, d.SrcPort, d.DstPort, d.Protocol,
				d.Flows, d.Packets, d.Bytes, d.Rule)
		}
		return tw.Flush()
	}
}
