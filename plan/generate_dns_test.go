package plan

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

// TestGenerateDNSNames: rows labelled from query log names group by
// service like any label, and each target's evidence and comment carry
// the names (most flows first, at most MaxDNSNames) and the label's source.
func TestGenerateDNSNames(t *testing.T) {
	row := func(src, dst, svc, source string, flows int64, names ...string) analysis.Row {
		return analysis.Row{Keys: []string{src, dst, "443"}, Flows: flows, Packets: flows, Bytes: flows * 100,
			First: t0, Last: t0.Add(time.Hour), Service: svc, ServiceSource: source, DNSNames: names}
	}
	res := &analysis.Result{By: []string{"src-endpoint", "dst-endpoint", "dstport"}, Identified: true, DNSJoined: true, Rows: []analysis.Row{
		row("10.0.1.5", "107.21.15.22", "datadog", "dns", 500, "http-intake.logs.datadoghq.com"),
		row("10.0.1.6", "107.21.15.22", "datadog", "dns", 300, "api.datadoghq.com", "http-intake.logs.datadoghq.com"),
		row("10.0.1.5", "52.94.216.17", "KINESIS (eu-west-1)", "dns", 400, "kinesis.eu-west-1.amazonaws.com"),
		row("10.0.1.5", "107.20.16.111", "datadog", "dns", 200, "api.datadoghq.com"),
		row("10.0.1.5", "203.0.113.45", "", "", 100, "a.example", "b.example", "c.example", "d.example", "e.example", "f.example"),
	}}
	g := mustGenerate(t, res, serviceOptions("dns"))
	type tgt struct {
		cidrs  []string
		label  string
		source string
		names  []string
	}
	var got []tgt
	for _, x := range g.Plan.Targets {
		got = append(got, tgt{x.Members(), x.Label, x.Evidence.ServiceSource, x.Evidence.DNSNames})
	}
	want := []tgt{
		{[]string{"107.21.15.22/32", "107.20.16.111/32"}, "datadog", "dns", []string{"http-intake.logs.datadoghq.com", "api.datadoghq.com"}},
		{[]string{"52.94.216.17/32"}, "KINESIS (eu-west-1)", "dns", []string{"kinesis.eu-west-1.amazonaws.com"}},
		{[]string{"203.0.113.45/32"}, LabelUnidentified, "", []string{"a.example", "b.example", "c.example", "d.example", "e.example"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("targets\n got %+v\nwant %+v", got, want)
	}
	y, err := g.YAML()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"service datadog (dns); names http-intake.logs.datadoghq.com, api.datadoghq.com;",
		"dns_names: [http-intake.logs.datadoghq.com, api.datadoghq.com]",
	} {
		if !strings.Contains(string(y), s) {
			t.Errorf("plan lacks %q:\n%s", s, y)
		}
	}
	if _, _, err := Parse(strings.NewReader(string(y)), "plan.yaml"); err != nil {
		t.Errorf("the generated plan does not parse back: %v", err)
	}
}
