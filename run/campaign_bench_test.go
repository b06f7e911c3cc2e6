package run

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/plan"
)

// BenchmarkCampaign simulates whole campaigns on the in-memory fakes with
// the virtual clock (window 5m, poll 30s, cooldown 1m): N targets of which
// a share break (placed at random, one seed per iteration), sequential
// against group testing with max_group 8 and 16. It reports the windows
// and the campaign's virtual hours per campaign, and for group mode the
// speed-up against sequential in windows and in time:
//
//	go test -run '^$' -bench Campaign -benchtime 20x ./run
func BenchmarkCampaign(b *testing.B) {
	for _, n := range []int{20, 40, 100} {
		for _, pct := range []float64{1, 5, 10} {
			k := int(math.Ceil(float64(n) * pct / 100))
			for _, g := range []int{0, 8, 16} {
				name := fmt.Sprintf("N=%d/breaking=%g%%(%d)/sequential", n, pct, k)
				if g > 0 {
					name = fmt.Sprintf("N=%d/breaking=%g%%(%d)/group=%d", n, pct, k, g)
				}
				b.Run(name, func(b *testing.B) {
					var windows, hours, seqHours float64
					for i := 0; b.Loop(); i++ {
						breakers := rand.New(rand.NewPCG(uint64(i), uint64(n))).Perm(n)[:k]
						w, h := simulateCampaign(b, n, breakers, g)
						windows, hours = windows+float64(w), hours+h
						if g > 0 {
							_, sh := simulateCampaign(b, n, breakers, 0)
							seqHours += sh
						}
					}
					runs := float64(b.N)
					b.ReportMetric(windows/runs, "windows")
					b.ReportMetric(hours/runs, "hours")
					if g > 0 {
						b.ReportMetric(float64(n)/(windows/runs), "x-windows")
						b.ReportMetric(seqHours/hours, "x-time")
					}
				})
			}
		}
	}
}

// simulateCampaign runs one campaign of n targets where the targets at
// the breakers' indexes break an alarm while denied; maxGroup 0 is
// sequential. It returns the windows and the virtual hours it took.
func simulateCampaign(b *testing.B, n int, breakers []int, maxGroup int) (int, float64) {
	w := newWorld()
	w.plan.Targets = nil
	for i := range n {
		w.plan.Targets = append(w.plan.Targets, plan.Target{CIDR: fmt.Sprintf("203.0.%d.%d/32", 113+i/250, 1+i%250)})
	}
	w.plan.Deny.RuleRange = &plan.RuleRange{From: 80, To: 99}
	w.plan.Timing = plan.Timing{Window: plan.Duration(5 * time.Minute), PollInterval: plan.Duration(30 * time.Second),
		RecoveryTimeout: plan.Duration(10 * time.Minute), Cooldown: plan.Duration(time.Minute), MaxDuration: plan.Duration(1000 * time.Hour)}
	if maxGroup > 0 {
		w.plan.Strategy = plan.Strategy{Mode: plan.ModeGroup, MaxGroup: maxGroup}
	}
	cidrs := make([]string, 0, len(breakers))
	for _, i := range breakers {
		cidrs = append(cidrs, w.plan.Targets[i].CIDR)
	}
	w.ec2.After = func(string, any) {
		state := cwtypes.StateValueOk
		for _, c := range cidrs {
			if w.denied(c) {
				state = cwtypes.StateValueAlarm
			}
		}
		w.cw.SetAlarmState("kinesis-errors", state, "sim")
	}
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "sha", OutDir: b.TempDir(), RunID: "bench", Owner: "bench@host"}
	res, err := Run(context.Background(), w.runDeps(), o)
	if err != nil {
		b.Fatal(err)
	}
	for _, i := range breakers {
		if res.Targets[i].Verdict != VerdictBroke {
			b.Fatalf("target %d: %s", i+1, res.Targets[i].Verdict)
		}
	}
	return len(res.Steps), res.EndedAt.Sub(res.StartedAt).Hours()
}
