package impact

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/render"
)

// Caveat is printed with every impact verdict: traffic flow logs
// never record can be cut by a block without a trace in the evidence.
const Caveat = "flow logs never record traffic to the VPC DNS resolver (Route 53 Resolver at the VPC CIDR base +2 " +
	"and 169.254.169.253), to instance metadata (169.254.169.254) or to Amazon Time Sync (169.254.169.123), " +
	"nor DHCP and Windows license activation: \"nothing observed\" is evidence, not proof"

// impactCSVHeader names the CSV columns: the flow log spelling of each
// grouped field, then the blocked side, metrics, times and interfaces.
var impactCSVHeader = []string{flowlog.FieldSrcEndpoint, flowlog.FieldDstEndpoint, "dstport", "protocol", "blocked",
	"flows", "packets", "bytes", "first", "last", "interfaces"}

// Write writes the flows of im to w as a table, CSV or JSON. The
// table and CSV hold only the flows (see WriteEvidence for the
// rest); JSON is one object with block, except, verdict, flows, coverage
// and caveat.
func Write(w io.Writer, im *Impact, format string) error {
	return writers.Write(w, im, format)
}

// writers are Write's formats, render.Formats.
var writers = render.Writers[*Impact]{Table: writeImpactTable, CSV: writeImpactCSV, JSON: writeImpactJSON}

func writeImpactTable(w io.Writer, im *Impact) error {
	if !im.Found() {
		_, err := fmt.Fprintln(w, "No observed flow would be cut.")
		return err
	}
	head := []string{"SOURCE", "DESTINATION", "PORT", "BLOCKED", "FLOWS", "PACKETS", "BYTES", "FIRST SEEN", "LAST SEEN", "INTERFACES"}
	if im.Identified {
		head = append(head, "SERVICE", "LABEL SOURCE")
	}
	if im.DNSJoined {
		head = append(head, "DNS NAMES")
	}
	rows := [][]string{head}
	for _, f := range im.Flows {
		row := []string{f.Src, f.Dst, portProto(f.DstPort, f.Protocol), f.Blocked,
			strconv.FormatInt(f.Flows, 10), strconv.FormatInt(f.Packets, 10), strconv.FormatInt(f.Bytes, 10),
			stamp(f.First), stamp(f.Last), strings.Join(f.Interfaces, ",")}
		if im.Identified {
			row = append(row, render.OrAbsent(f.Service), render.OrAbsent(f.ServiceSource))
		}
		if im.DNSJoined {
			row = append(row, render.OrAbsent(strings.Join(f.DNSNames, ";")))
		}
		rows = append(rows, row)
	}
	return render.WriteTable(w, rows, map[int]bool{4: true, 5: true, 6: true})
}

func writeImpactCSV(w io.Writer, im *Impact) error {
	cw := csv.NewWriter(w)
	head := impactCSVHeader
	if im.Identified {
		head = append(slices.Clone(head), "service", "service_source")
	}
	if im.DNSJoined {
		head = append(slices.Clone(head), "dns_names")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, f := range im.Flows {
		ifaces := analysis.Absent
		if len(f.Interfaces) > 0 {
			ifaces = strings.Join(f.Interfaces, " ")
		}
		rec := []string{f.Src, f.Dst, f.DstPort, f.Protocol, f.Blocked,
			strconv.FormatInt(f.Flows, 10), strconv.FormatInt(f.Packets, 10), strconv.FormatInt(f.Bytes, 10),
			stamp(f.First), stamp(f.Last), ifaces}
		if im.Identified {
			rec = append(rec, render.OrAbsent(f.Service), render.OrAbsent(f.ServiceSource))
		}
		if im.DNSJoined {
			rec = append(rec, render.OrAbsent(strings.Join(f.DNSNames, ";")))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// impactJSON is the JSON envelope: the evidence travels with the verdict.
type impactJSON struct {
	*Impact
	Verdict string `json:"verdict"`
	Caveat  string `json:"caveat"`
}

func writeImpactJSON(w io.Writer, im *Impact) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(impactJSON{Impact: im, Verdict: im.Verdict(), Caveat: Caveat})
}

// Verdict is the one-line answer: what the block would cut.
func (im *Impact) Verdict() string {
	what := "blocking " + joinPrefixes(im.Block)
	if len(im.Except) > 0 {
		what += " except " + joinPrefixes(im.Except)
	}
	if !im.Found() {
		return what + " would cut no observed flow"
	}
	var flows int64
	for _, f := range im.Flows {
		flows += f.Flows
	}
	return fmt.Sprintf("%s would cut observed traffic: %s, %s", what,
		plural(len(im.Flows), "address pair and port", "address pairs and ports"), plural(flows, "flow log record", "flow log records"))
}

// WriteEvidence writes, for people, what the evidence covers (files,
// records, time span, interfaces, NODATA/SKIPDATA/malformed counts),
// warnings about gaps (files not read to the end, impossible record times,
// lost records, malformed lines), the caveat and the verdict.
func WriteEvidence(w io.Writer, im *Impact) error {
	c := im.Coverage
	var b strings.Builder
	fmt.Fprintf(&b, "evidence: %s, %s", plural(c.Files, "file", "files"), plural(c.Records, "record", "records"))
	if c.Matched > 0 {
		fmt.Fprintf(&b, " (%d inside the block)", c.Matched)
	}
	if !c.First.IsZero() {
		fmt.Fprintf(&b, ", %s to %s (%s)", stamp(c.First), stamp(c.Last), c.Last.Sub(c.First).Round(time.Second))
	}
	fmt.Fprintf(&b, "\nevidence: %s\n", interfaceList(c.Interfaces))
	fmt.Fprintf(&b, "evidence: NODATA %d, SKIPDATA %d, malformed %d\n", c.NoData, c.SkipData, c.Malformed)
	if c.Records == 0 {
		b.WriteString("warning: no flow record was read: there is no evidence at all\n")
	}
	render.WriteInputWarnings(&b, c, time.Now())
	if c.SkipData > 0 {
		fmt.Fprintf(&b, "warning: %s: AWS dropped records in these capture windows, flows may be missing\n",
			plural(c.SkipData, "SKIPDATA record", "SKIPDATA records"))
	}
	if c.Malformed > 0 {
		fmt.Fprintf(&b, "warning: %s skipped; first:\n", plural(c.Malformed, "malformed line", "malformed lines"))
		for _, ex := range c.MalformedExamples {
			fmt.Fprintf(&b, "  %s\n", ex)
		}
	}
	fmt.Fprintf(&b, "caveat: %s\n", Caveat)
	fmt.Fprintf(&b, "verdict: %s\n", im.Verdict())
	_, err := io.WriteString(w, b.String())
	return err
}

// maxListedInterfaces bounds the interfaces named in the evidence line.
const maxListedInterfaces = 10

func interfaceList(ifaces []string) string {
	switch n := len(ifaces); {
	case n == 0:
		return "no interface-id in the records"
	case n <= maxListedInterfaces:
		return fmt.Sprintf("%s: %s", plural(n, "interface", "interfaces"), strings.Join(ifaces, ", "))
	default:
		return fmt.Sprintf("%d interfaces: %s, and %d more", n, strings.Join(ifaces[:maxListedInterfaces], ", "), n-maxListedInterfaces)
	}
}

// portProto renders "443/tcp" from a port and an IANA protocol number.
func portProto(port, proto string) string {
	name, ok := protocolNames[proto]
	if !ok {
		name = proto
	}
	if proto == analysis.Absent {
		return port
	}
	if port == analysis.Absent || port == "0" && name != "tcp" && name != "udp" {
		return name
	}
	return port + "/" + name
}

var protocolNames = map[string]string{"1": "icmp", "6": "tcp", "17": "udp", "47": "gre", "50": "esp", "58": "icmpv6", "132": "sctp"}

// stamp renders a time in RFC 3339, UTC; the zero time is Absent.
func stamp(t time.Time) string {
	if t.IsZero() {
		return analysis.Absent
	}
	return t.UTC().Format(time.RFC3339)
}

func joinPrefixes(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// plural renders "1 file" or "3 files".
func plural[N int | int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
