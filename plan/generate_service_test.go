package plan

import (
	"reflect"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

// serviceOptions are the options of a plan named name whose targets
// group by service.
func serviceOptions(name string) GenerateOptions {
	return GenerateOptions{Name: name, Region: "eu-west-1", ACL: "acl-0123456789abcdef0", Accounts: []string{"111122223333"},
		Alarms: []string{"api-5xx"}, GroupBy: GroupByService}
}

func TestGenerateGroupByService(t *testing.T) {
	row := func(dst, svc string, flows int64) analysis.Row {
		return analysis.Row{Keys: []string{"10.0.1.5", "10.0.1.10", "10.0.0.220", dst, "443", svc}, Flows: flows, Packets: flows, Bytes: flows * 100,
			First: t0, Last: t0.Add(time.Hour)}
	}
	res := &analysis.Result{By: analysis.DefaultBy, Rows: []analysis.Row{
		row("52.94.0.12", "KINESIS", 900),
		row("3.233.144.7", "-", 800),
		row("52.94.0.13", "KINESIS", 300),
		row("52.216.10.1", "S3", 200),
		row("52.94.0.14", "KINESIS", 100),
	}}
	opts := serviceOptions("svc")
	g := mustGenerate(t, res, opts)
	type tgt struct {
		cidr  string
		cidrs []string
		label string
		flows int64
	}
	var got []tgt
	for _, x := range g.Plan.Targets {
		got = append(got, tgt{x.CIDR, x.CIDRs, x.Label, x.Evidence.Flows})
	}
	want := []tgt{
		{"", []string{"52.94.0.12/32", "52.94.0.13/32", "52.94.0.14/32"}, "KINESIS", 1300},
		{"3.233.144.7/32", nil, LabelUnidentified, 800},
		{"52.216.10.1/32", nil, "S3", 200},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("targets\n got %+v\nwant %+v", got, want)
	}
	opts.Top = 1
	g, err := Generate(res, opts)
	if err != nil || len(g.Plan.Targets) != 1 || len(g.Plan.Targets[0].CIDRs) != 3 {
		t.Fatalf("--top counts service targets: %+v %v", g.Plan.Targets, err)
	}
}
