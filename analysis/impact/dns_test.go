package impact

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestFoldDNSNames: a flow takes the names of its rows (each once, in
// row order), the names column is printed only after a join, and with
// --identify a name more specific than the range label wins for a blocked
// destination.
func TestFoldDNSNames(t *testing.T) {
	a := impactRow("10.0.1.5", "52.94.216.17", "443", "6", "eni-a", 5, 0, 10)
	a.DNSNames = []string{"kinesis.eu-west-1.amazonaws.com"}
	b := impactRow("10.0.1.5", "52.94.216.17", "443", "6", "eni-b", 3, 5, 20)
	b.DNSNames = []string{"kinesis.eu-west-1.amazonaws.com", "streams.example.com"}
	res := &analysis.Result{By: By, Rows: []analysis.Row{a, b}, DNSJoined: true}
	im, err := Fold(res, testenv.Prefixes("0.0.0.0/0"), testenv.Prefixes("10.0.0.0/8"))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Flows) != 1 || !im.DNSJoined || !reflect.DeepEqual(im.Flows[0].DNSNames, []string{"kinesis.eu-west-1.amazonaws.com", "streams.example.com"}) {
		t.Fatalf("flows %+v, joined %v", im.Flows, im.DNSJoined)
	}
	id, err := identify.New(identify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Annotate(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if f := im.Flows[0]; f.Service != "KINESIS (eu-west-1)" || f.ServiceSource != "dns" {
		t.Errorf("label %q (%s), want KINESIS (eu-west-1) from dns", f.Service, f.ServiceSource)
	}
	var buf bytes.Buffer
	if err := Write(&buf, im, "csv"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if !strings.HasSuffix(lines[0], ",service,service_source,dns_names") ||
		!strings.HasSuffix(lines[1], ",KINESIS (eu-west-1),dns,kinesis.eu-west-1.amazonaws.com;streams.example.com") {
		t.Errorf("csv:\n%s", buf.String())
	}
	res.DNSJoined = false
	plain, _ := Fold(res, testenv.Prefixes("0.0.0.0/0"), testenv.Prefixes("10.0.0.0/8"))
	buf.Reset()
	if err := Write(&buf, plain, "table"); err != nil || strings.Contains(buf.String(), "DNS NAMES") {
		t.Errorf("without a join, no names column: %v\n%s", err, buf.String())
	}
}
