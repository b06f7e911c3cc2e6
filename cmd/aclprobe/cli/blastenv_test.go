package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/probe"
	"github.com/aclprobe/aclprobe/run"
)

var (
	envSeq    atomic.Int64
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// aclprobeBinary builds the real CLI once per test binary.
func aclprobeBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "aclprobe-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "aclprobe")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/aclprobe/aclprobe/cmd/aclprobe").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// blastEnv is one test's own VPC, ACL and alarms in moto.
type blastEnv struct {
	t      *testing.T
	ec2    *ec2.Client
	cw     *cloudwatch.Client
	acl    string // associated with one subnet, 10.77.1.0/24
	vpc    string
	prefix string // unique alarm name prefix
	dir    string
	out    string // a run's --out in dir (not created)

	// before and beforeTags are the ACL's entries and tags once the env
	// is made: what a run must leave (see wantRestored, wantUnchanged).
	before     []string
	beforeTags map[string]string
}

// newStagingEnv is a blastEnv whose ACL is tagged Environment=staging, as
// every plan's guard requires.
func newStagingEnv(t *testing.T) *blastEnv {
	t.Helper()
	return newBlastEnv(t, map[string]string{"Environment": "staging"})
}

// newBlastEnv makes the env's VPC (tagged Environment=staging), its ACL
// tagged aclTags with "100 allow all" both ways, a subnet on that ACL, and
// the kinesis, payments and stop alarms in OK.
func newBlastEnv(t *testing.T, aclTags map[string]string) *blastEnv {
	t.Helper()
	cfg := testenv.Config(t)
	e := &blastEnv{t: t, ec2: ec2.NewFromConfig(cfg), cw: probe.NewCloudWatchClient(cfg), dir: t.TempDir(),
		prefix: fmt.Sprintf("h4-%d-%d-", time.Now().UnixNano()%1e12, envSeq.Add(1))}
	e.out = filepath.Join(e.dir, "out")
	ctx := context.Background()
	vpc, err := e.ec2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.77.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	a, err := e.ec2.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: aws.String(vpcID)})
	if err != nil {
		t.Fatal(err)
	}
	e.acl = aws.ToString(a.NetworkAcl.NetworkAclId)
	e.vpc = vpcID
	e.tag(vpcID, map[string]string{"Environment": "staging"})
	e.tag(e.acl, aclTags)
	e.allowAll()
	e.associate("10.77.1.0/24")
	for _, n := range []string{"kinesis", "payments", "stop"} {
		// High resolution: each can leave OK 10 s after a break, so a
		// 10 s window is honestly long enough for a no-impact verdict.
		e.putAlarm(n, 10, 1)
		e.setAlarm(n, cwtypes.StateValueOk)
	}
	e.before, e.beforeTags = e.snapshot()
	return e
}

// allowAll adds "100 allow all 0.0.0.0/0" in both directions to the ACL.
func (e *blastEnv) allowAll() {
	for _, egress := range []bool{true, false} {
		_, err := e.ec2.CreateNetworkAclEntry(context.Background(), &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(e.acl), RuleNumber: aws.Int32(100),
			Egress: aws.Bool(egress), Protocol: aws.String("-1"), RuleAction: types.RuleActionAllow, CidrBlock: aws.String("0.0.0.0/0")})
		if err != nil {
			e.t.Fatal(err)
		}
	}
}

// associate creates a subnet with cidr in the env's VPC and moves its
// association from the VPC's default ACL to the env's ACL.
func (e *blastEnv) associate(cidr string) {
	ctx := context.Background()
	sub, err := e.ec2.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(e.vpc), CidrBlock: aws.String(cidr)})
	if err != nil {
		e.t.Fatal(err)
	}
	id := aws.ToString(sub.Subnet.SubnetId)
	out, err := e.ec2.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{id}}}})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, a := range out.NetworkAcls {
		for _, as := range a.Associations {
			if aws.ToString(as.SubnetId) != id {
				continue
			}
			if _, err := e.ec2.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: as.NetworkAclAssociationId, NetworkAclId: aws.String(e.acl)}); err != nil {
				e.t.Fatal(err)
			}
			return
		}
	}
	e.t.Fatalf("subnet %s has no ACL association to replace", id)
}

// putAlarm creates (or replaces) the metric alarm e.prefix+n with its
// Period (seconds) and DatapointsToAlarm out of as many EvaluationPeriods.
func (e *blastEnv) putAlarm(n string, period, points int32) {
	_, err := e.cw.PutMetricAlarm(context.Background(), &cloudwatch.PutMetricAlarmInput{AlarmName: aws.String(e.prefix + n), Namespace: aws.String("Test"),
		MetricName: aws.String(n), Statistic: cwtypes.StatisticSum, Period: aws.Int32(period), EvaluationPeriods: aws.Int32(points),
		DatapointsToAlarm: aws.Int32(points), Threshold: aws.Float64(1), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *blastEnv) tag(id string, tags map[string]string) {
	var ts []types.Tag
	for k, v := range tags {
		ts = append(ts, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	if _, err := e.ec2.CreateTags(context.Background(), &ec2.CreateTagsInput{Resources: []string{id}, Tags: ts}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *blastEnv) setAlarm(n string, s cwtypes.StateValue) {
	_, err := e.cw.SetAlarmState(context.Background(), &cloudwatch.SetAlarmStateInput{AlarmName: aws.String(e.prefix + n), StateValue: s, StateReason: aws.String("test")})
	if err != nil {
		e.t.Errorf("set alarm %s: %v", n, err)
	}
}

// snapshot returns the ACL's entries and tags.
func (e *blastEnv) snapshot() ([]string, map[string]string) {
	out, err := e.ec2.DescribeNetworkAcls(context.Background(), &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{e.acl}})
	if err != nil {
		e.t.Fatal(err)
	}
	var entries []string
	tags := map[string]string{}
	for _, x := range out.NetworkAcls[0].Entries {
		entries = append(entries, fmt.Sprintf("%d %v %s %s %s", aws.ToInt32(x.RuleNumber), aws.ToBool(x.Egress), x.RuleAction, aws.ToString(x.Protocol), aws.ToString(x.CidrBlock)))
	}
	for _, tg := range out.NetworkAcls[0].Tags {
		tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	return entries, tags
}

// wantRestored fails the test unless the ACL's entries are as before the
// run (e.before) and no lease tag is left; when says after what (in
// messages). It returns the ACL's tags.
func (e *blastEnv) wantRestored(when string) map[string]string {
	e.t.Helper()
	after, tags := e.snapshot()
	if !reflect.DeepEqual(e.before, after) {
		e.t.Fatalf("ACL entries %s: %v, before %v", when, after, e.before)
	}
	if _, ok := acl.LeaseValue(tags); ok {
		e.t.Fatalf("lease tag left %s", when)
	}
	return tags
}

// refused runs the plan with --yes and wants exit 1, want on stderr and
// nothing changed on the ACL, not even a tag.
func (e *blastEnv) refused(planPath, want string) {
	e.t.Helper()
	before, beforeTags := e.snapshot()
	p := e.start("run", planPath, "--yes", "--out", e.out)
	if code := p.wait(); code != ExitFailure {
		e.t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFailure, p.stderr)
	}
	if !strings.Contains(p.stderr.String(), want) {
		e.t.Fatalf("stderr does not say %q:\n%s", want, p.stderr)
	}
	e.wantUnchanged(before, beforeTags)
}

// wantUnchanged fails the test unless the ACL's entries and tags are
// before and beforeTags (a refused run changes nothing, not even a tag).
func (e *blastEnv) wantUnchanged(before []string, beforeTags map[string]string) map[string]string {
	e.t.Helper()
	after, tags := e.snapshot()
	if !reflect.DeepEqual(before, after) || !reflect.DeepEqual(beforeTags, tags) {
		e.t.Fatalf("ACL changed: %v %v -> %v %v", before, beforeTags, after, tags)
	}
	return tags
}

// denied says whether a deny entry for cidr is on the ACL.
func (e *blastEnv) denied(cidr string) bool {
	entries, _ := e.snapshot()
	return deniedIn(entries, cidr)
}

// writePlan writes a plan for the env's ACL and alarms.
func (e *blastEnv) writePlan(window string, targets ...string) string {
	return e.writePlanWithProbes(window, "", targets...)
}

// writePlanWithProbes writes a plan whose watch section also has probes
// (YAML list items indented by 4 spaces).
func (e *blastEnv) writePlanWithProbes(window, probes string, targets ...string) string {
	var tb strings.Builder
	for i, c := range targets {
		fmt.Fprintf(&tb, "  - cidr: %s\n    label: target-%d\n", c, i+1)
	}
	return e.writePlanYAML(window, probes, tb.String())
}

// writePlanYAML writes a plan whose targets section is targetsYAML (list
// items indented by 2 spaces).
func (e *blastEnv) writePlanYAML(window, probes, targetsYAML string) string {
	return e.writePlanFile(window, "5m", probes, targetsYAML)
}

// writePlanFile writes the env's plan.yaml for its ACL and alarms. tail
// follows the watch section: lines indented by 4 spaces continue it
// (probes), others are top-level sections (deny, strategy).
func (e *blastEnv) writePlanFile(window, maxDuration, tail, targetsYAML string) string {
	y := fmt.Sprintf(`apiVersion: aclprobe/v1
name: it-%s
target:
  region: us-east-1
  network_acl: %s
guard:
  accounts: ["123456789012"]
  require_tags:
    Environment: staging
timing:
  window: %s
  poll_interval: 500ms
  recovery_timeout: 10s
  cooldown: 0s
  max_duration: %s
watch:
  alarms: [%skinesis, %spayments]
  stop_alarms: [%sstop]
%s
targets:
%s`, e.prefix[:len(e.prefix)-1], e.acl, window, maxDuration, e.prefix, e.prefix, e.prefix, tail, targetsYAML)
	path := filepath.Join(e.dir, "plan.yaml")
	if err := os.WriteFile(path, []byte(y), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return path
}

// proc is a running CLI process.
type proc struct {
	cmd    *exec.Cmd
	stdout *bytes.Buffer
	stderr *syncBuffer
	done   chan struct{}
	err    error
}

// syncBuffer is a bytes.Buffer safe for the process writer and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the CLI binary with args in e.dir.
func (e *blastEnv) start(args ...string) *proc {
	return startBinary(e.t, e.dir, nil, args...)
}

// startBinary runs the CLI binary with args in dir ("": the package's)
// and its stderr on w; nil is p.stderr, else the test fills p.stderr as
// it sees fit.
func startBinary(t *testing.T, dir string, w io.Writer, args ...string) *proc {
	p := &proc{cmd: exec.Command(aclprobeBinary(t), args...), stdout: &bytes.Buffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr, p.cmd.Dir = p.stdout, p.stderr, dir
	if w != nil {
		p.cmd.Stderr = w
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p
}

// wait waits for the process and returns its exit code.
func (p *proc) wait() int {
	<-p.done
	return exitCodeOf(p.err)
}

func exitCodeOf(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// waitDenied polls until cidr is denied on the ACL (or fails the test).
func (e *blastEnv) waitDenied(cidr string, p *proc) {
	deadline := time.Now().Add(30 * time.Second)
	for !e.denied(cidr) {
		select {
		case <-p.done:
			e.t.Fatalf("aclprobe exited (%v) before denying %s; stderr:\n%s", p.err, cidr, p.stderr)
		default:
		}
		if time.Now().After(deadline) {
			p.cmd.Process.Kill()
			e.t.Fatalf("entry for %s never appeared; stderr:\n%s", cidr, p.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func readResults(t *testing.T, dir string) run.Results {
	t.Helper()
	b := readFile(t, filepath.Join(dir, run.ResultsFile))
	var r run.Results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}
