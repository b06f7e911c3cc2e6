package probe

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/clock"
	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
	"github.com/aclprobe/aclprobe/plan"
)

func TestThresholdOneFailureDoesNotCount(t *testing.T) {
	ctx := context.Background()
	h, url := startHealth(t)
	r := mustRunner(t, plan.Probe{Name: "api", HTTP: &plan.HTTPProbe{URL: url}}) // threshold defaults to 2
	set := &Set{runners: []*runner{r}}
	step := func() { r.record(r.attempt(ctx, clock.Real{}), true) }

	step()
	h.down.Store(true)
	step()
	samples, failing, _ := set.Poll(ctx)
	if len(samples) != 2 || samples[1].OK || len(failing) != 0 {
		t.Fatalf("after one failure: %d samples (last ok=%v), failing %+v; want 2, false, none", len(samples), samples[1].OK, failing)
	}
	first := samples[1].At
	if set.Passing() {
		t.Error("Passing with a failed latest sample")
	}

	step()
	_, failing, _ = set.Poll(ctx)
	if len(failing) != 1 || failing[0].Name != "api" || failing[0].Kind != KindProbe || !failing[0].Since.Equal(first) {
		t.Fatalf("after two failures: failing %+v, want api since %v", failing, first)
	}
	for _, want := range []string{"http probe failed 2 times in a row", "status 503 Service Unavailable", "dependency kinesis unreachable", "latency "} {
		if !strings.Contains(failing[0].Detail, want) {
			t.Errorf("Detail %q lacks %q", failing[0].Detail, want)
		}
	}

	h.down.Store(false)
	step()
	samples, failing, _ = set.Poll(ctx)
	if len(samples) != 1 || !samples[0].OK || len(failing) != 0 || !set.Passing() {
		t.Fatalf("after recovery: %+v failing %+v", samples, failing)
	}
}

func TestThresholdOfOne(t *testing.T) {
	ctx := context.Background()
	r := mustRunner(t, plan.Probe{Name: "partner", TCP: &plan.TCPProbe{Address: closedAddr(t)}, FailureThreshold: 1})
	set := &Set{runners: []*runner{r}}
	r.record(r.attempt(ctx, clock.Real{}), true)
	if _, failing, _ := set.Poll(ctx); len(failing) != 1 {
		t.Fatalf("threshold 1: failing %+v after one failure", failing)
	}
}

func TestBaseline(t *testing.T) {
	ctx := context.Background()
	h, url := startHealth(t)
	healthy := []plan.Probe{
		{Name: "api", HTTP: &plan.HTTPProbe{URL: url}, FailureThreshold: 3, Timeout: dur(10 * time.Second)},
		{Name: "smoke", Command: &plan.CommandProbe{Argv: []string{"true"}}, Timeout: dur(10 * time.Second)},
	}

	set, err := NewSet(healthy, 5*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	set.Clock = clocktest.NewAuto(t0) // the attempts' spacing takes no real time
	samples, err := set.Baseline(ctx)
	if err != nil {
		t.Fatalf("healthy baseline: %v", err)
	}
	if len(samples) != 5 {
		t.Errorf("baseline took %d samples, want 3 + 2", len(samples))
	}
	if got, _, _ := set.Poll(ctx); len(got) != 0 {
		t.Errorf("Poll after Baseline returned %d baseline samples again", len(got))
	}

	h.down.Store(true)
	failingSpecs := append(healthy, plan.Probe{Name: "partner", TCP: &plan.TCPProbe{Address: closedAddr(t)}, Timeout: dur(10 * time.Second)})
	set, err = NewSet(failingSpecs, 5*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	set.Clock = clocktest.NewAuto(t0)
	samples, err = set.Baseline(ctx)
	var notOK *NotOKError
	if !errors.As(err, &notOK) {
		t.Fatalf("baseline with failing probes = %v, want *NotOKError", err)
	}
	if len(notOK.Failures) != 2 || notOK.Failures[0].Name != "api" || notOK.Failures[1].Name != "partner" {
		t.Fatalf("failures %+v, want api and partner", notOK.Failures)
	}
	for _, want := range []string{"baseline attempt 1 of 3", "status 503", "connection refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks evidence %q", err, want)
		}
	}
	if len(samples) != 4 { // api 1 (stopped at failure), smoke 2, partner 1
		t.Errorf("got %d samples, want 4", len(samples))
	}
}

func TestStartPollStop(t *testing.T) {
	ctx := context.Background()
	h, url := startHealth(t)
	set, err := NewSet([]plan.Probe{
		{Name: "api", HTTP: &plan.HTTPProbe{URL: url}, Timeout: dur(10 * time.Second)},
		{Name: "smoke", Command: &plan.CommandProbe{Argv: []string{"true"}}, Interval: dur(20 * time.Millisecond), Timeout: dur(10 * time.Second)},
	}, 5*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.NewManual(t0)
	set.Clock = clk
	set.Start(ctx)
	set.Start(ctx) // idempotent
	defer set.Stop()

	stop := make(chan struct{})
	var wg sync.WaitGroup // concurrent pollers beside the probe loops, for -race
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					_, _, _ = set.Poll(ctx)
					_ = set.Passing()
				}
			}
		})
	}
	waitAttempted(t, clk, 2) // both probes' first attempts, which pass
	h.down.Store(true)
	for range 2 { // api fails at 5ms and 10ms (threshold 2); smoke waits until 20ms
		clk.Advance(5 * time.Millisecond)
		waitAttempted(t, clk, 2)
	}
	_, seen, _ := set.Poll(ctx)
	close(stop)
	wg.Wait()
	if len(seen) != 1 || seen[0].Name != "api" {
		t.Fatalf("failing = %+v, want only api", seen)
	}
	set.Stop()
	set.Stop()
	h.down.Store(false)
	set.Start(ctx)
	waitAttempted(t, clk, 2)
	if !set.Passing() {
		t.Fatal("not passing after a restart against a healthy service")
	}
}

func TestStopDoesNotRecordAbandonedAttempt(t *testing.T) {
	ctx := context.Background()
	set, err := NewSet([]plan.Probe{{Name: "slow", Command: &plan.CommandProbe{Argv: []string{"sleep", "30"}},
		Interval: dur(time.Minute), Timeout: dur(time.Minute), FailureThreshold: 1}}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	r := set.runners[0]
	r.checker = signalling{checker: r.checker, started: started}
	set.Clock = clocktest.NewManual(t0)
	set.Start(ctx)
	<-started // the attempt is in flight
	set.Stop()
	samples, failing, _ := set.Poll(ctx)
	if len(samples) != 0 || len(failing) != 0 {
		t.Fatalf("after Stop: samples %+v failing %+v, want none", samples, failing)
	}
}

func TestSecretsDoNotLeak(t *testing.T) {
	const secret = "s3cr3t-t0ken-VALUE"
	t.Setenv("ACLPROBE_TEST_TOKEN", secret)
	// The server echoes the credential back in an error body.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad token "+r.Header.Get("Authorization")+" for "+r.Header.Get("X-Api-Token"), http.StatusForbidden)
	}))
	defer srv.Close()
	specs := []plan.Probe{{Name: "api", FailureThreshold: 1, Timeout: dur(10 * time.Second), HTTP: &plan.HTTPProbe{URL: srv.URL, Headers: []plan.Header{
		{Name: "Authorization", FromEnv: "ACLPROBE_TEST_TOKEN"},
		{Name: "X-Api-Token", FromEnv: "ACLPROBE_TEST_TOKEN"},
	}}}}
	set, err := NewSet(specs, 5*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.NewManual(t0)
	set.Clock = clk
	ctx := context.Background()
	var texts []string
	samples, err := set.Baseline(ctx)
	if err == nil {
		t.Fatal("baseline passed against a 403")
	}
	texts = append(texts, err.Error())
	for _, res := range set.RunOnce(ctx) {
		samples = append(samples, res.Sample)
	}
	set.Start(ctx)
	waitAttempted(t, clk, 1)
	_, failing, _ := set.Poll(ctx)
	set.Stop()
	polled, _, _ := set.Poll(ctx)
	samples = append(samples, polled...)
	for _, s := range samples {
		texts = append(texts, s.Error, s.Detail, s.Output)
	}
	for _, f := range failing {
		texts = append(texts, f.Detail)
	}
	if !strings.Contains(strings.Join(texts, "\n"), "bad token "+Redacted) {
		t.Fatalf("the echoed body is not in the evidence at all: %q", texts)
	}
	for _, s := range texts {
		if strings.Contains(s, secret) {
			t.Fatalf("secret leaked into %q", s)
		}
	}
}

func TestNewSetErrors(t *testing.T) {
	tests := []struct {
		name  string
		specs []plan.Probe
		want  []string
	}{
		{"missing env var names the variable", []plan.Probe{{Name: "api", HTTP: &plan.HTTPProbe{URL: "http://127.0.0.1/",
			Headers: []plan.Header{{Name: "Authorization", FromEnv: "ACLPROBE_TEST_UNSET_VAR"}}}}}, []string{`probe "api"`, "ACLPROBE_TEST_UNSET_VAR is not set"}},
		{"no kind", []plan.Probe{{Name: "x"}}, []string{"exactly one of http, tcp, dns and command (has 0)"}},
		{"two kinds", []plan.Probe{{Name: "x", TCP: &plan.TCPProbe{Address: "127.0.0.1:1"}, DNS: &plan.DNSProbe{Name: "a.test"}}}, []string{"(has 2)"}},
		{"all problems at once", []plan.Probe{
			{Name: "a", HTTP: &plan.HTTPProbe{URL: "ftp://x"}},
			{Name: "b", HTTP: &plan.HTTPProbe{URL: "http://127.0.0.1/", BodyRegex: "("}},
			{Name: "c", DNS: &plan.DNSProbe{Name: "a.test", ExpectCIDRs: []string{"10.0.0.0/33"}}},
			{Name: "d", Command: &plan.CommandProbe{}},
			{Name: "d", Command: &plan.CommandProbe{Argv: []string{"true"}}},
			{HTTP: &plan.HTTPProbe{URL: "http://127.0.0.1/"}},
		}, []string{`probe "a": http: url`, `probe "b": http: body_regex`, `probe "c": dns: expect_cidrs`, `probe "d": command: argv missing`, `duplicate probe name "d"`, "probe without a name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSet(tt.specs, time.Second)
			if err == nil {
				t.Fatal("NewSet succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		name              string
		p                 plan.Probe
		def               time.Duration
		interval, timeout time.Duration
		threshold         int
	}{
		{"all from defaults", plan.Probe{}, 30 * time.Second, 30 * time.Second, 5 * time.Second, 2},
		{"short interval caps the timeout", plan.Probe{}, 2 * time.Second, 2 * time.Second, 2 * time.Second, 2},
		{"no default interval", plan.Probe{}, 0, 30 * time.Second, 5 * time.Second, 2},
		{"explicit values kept", plan.Probe{Interval: dur(time.Minute), Timeout: dur(10 * time.Second), FailureThreshold: 4}, time.Second, time.Minute, 10 * time.Second, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Name, tt.p.TCP = "p", &plan.TCPProbe{Address: "127.0.0.1:1"}
			r, err := newRunner(tt.p, tt.def)
			if err != nil {
				t.Fatal(err)
			}
			if r.interval != tt.interval || r.timeout != tt.timeout || r.threshold != tt.threshold {
				t.Errorf("got %v %v %d, want %v %v %d", r.interval, r.timeout, r.threshold, tt.interval, tt.timeout, tt.threshold)
			}
		})
	}
}

func TestRunOnce(t *testing.T) {
	_, url := startHealth(t)
	set, err := NewSet([]plan.Probe{
		{Name: "api", HTTP: &plan.HTTPProbe{URL: url}},
		{Name: "partner", TCP: &plan.TCPProbe{Address: closedAddr(t)}},
		{Name: "smoke", Command: &plan.CommandProbe{Argv: []string{"false"}}},
	}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got := set.RunOnce(context.Background())
	want := []struct {
		name, typ string
		ok        bool
	}{{"api", TypeHTTP, true}, {"partner", TypeTCP, false}, {"smoke", TypeCommand, false}}
	for i, w := range want {
		if got[i].Name != w.name || got[i].Type != w.typ || got[i].Sample.OK != w.ok {
			t.Errorf("result %d = %+v, want %v", i, got[i], w)
		}
	}
	if _, failing, _ := set.Poll(context.Background()); len(failing) != 0 {
		t.Errorf("RunOnce changed streaks: %+v", failing)
	}
}
