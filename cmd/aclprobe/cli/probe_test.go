package cli

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
	"github.com/aclprobe/aclprobe/probe"
)

// writeProbePlan writes a valid plan whose probes are given as YAML.
func writeProbePlan(t *testing.T, probes string) string {
	t.Helper()
	doc := `apiVersion: aclprobe/v1
name: probe-cli
target: {region: us-east-1, network_acl: acl-0123456789abcdef0}
guard: {accounts: ["123456789012"]}
timing: {window: 1m, poll_interval: 10s}
targets: [{cidr: 192.0.2.10/32}]
watch:
  probes:
` + probes
	return writeFile(t, "plan.yaml", doc)
}

func TestProbeCommand(t *testing.T) {
	const secret = "cli-secret-token-42"
	t.Setenv("ACLPROBE_TEST_PROBE_TOKEN", secret)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != secret {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	}))
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()

	healthy := `    - name: health
      http:
        url: ` + srv.URL + `/health
        headers: [{name: Authorization, from_env: ACLPROBE_TEST_PROBE_TOKEN}]
        body_regex: '"status":"ok"'
    - name: smoke
      command: {argv: [echo, all good]}
`
	failing := healthy + `    - name: partner
      tcp: {address: "` + closed + `"}
    - name: script
      command: {argv: [sh, -c, "echo checking; echo boom >&2; exit 2"]}
`
	t.Run("all pass", func(t *testing.T) {
		out, errOut, code := runRoot(t, "probe", writeProbePlan(t, healthy))
		if code != ExitOK {
			t.Fatalf("exit %d, stderr %s", code, errOut)
		}
		for _, want := range []string{"NAME", "health", "http", "yes", "status 200 OK", "smoke", "command", "exit 0 all good"} {
			if !strings.Contains(out, want) {
				t.Errorf("table lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("failures exit 1 with evidence", func(t *testing.T) {
		out, errOut, code := runRoot(t, "probe", writeProbePlan(t, failing))
		if code != ExitFailure {
			t.Fatalf("exit %d, want 1", code)
		}
		for _, want := range []string{"partner", "connection refused", "exit status 2; output: checking | boom"} {
			if !strings.Contains(out, want) {
				t.Errorf("table lacks %q:\n%s", want, out)
			}
		}
		if !strings.Contains(errOut, "2 of 4 probes failed") {
			t.Errorf("stderr %q lacks the count", errOut)
		}
		if strings.Contains(out+errOut, secret) {
			t.Error("the header secret was printed")
		}
	})
	t.Run("json", func(t *testing.T) {
		out, _, code := runRoot(t, "probe", writeProbePlan(t, failing), "--format", "json")
		if code != ExitFailure {
			t.Fatalf("exit %d, want 1", code)
		}
		var doc probeJSON
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, out)
		}
		if doc.OK || len(doc.Probes) != 4 || !doc.Probes[0].OK || doc.Probes[2].OK || doc.Probes[2].Kind != "tcp" {
			t.Errorf("doc = %+v", doc)
		}
	})
	t.Run("missing env var", func(t *testing.T) {
		t.Setenv("ACLPROBE_TEST_PROBE_TOKEN", "")
		_, errOut, code := runRoot(t, "probe", writeProbePlan(t, healthy))
		if code != ExitFailure || !strings.Contains(errOut, "ACLPROBE_TEST_PROBE_TOKEN is not set") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
	t.Run("bad format", func(t *testing.T) {
		_, errOut, code := runRoot(t, "probe", writeProbePlan(t, healthy), "--format", "yaml")
		if code != ExitFailure || !strings.Contains(errOut, "want table or json") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
	t.Run("invalid plan", func(t *testing.T) {
		_, errOut, code := runRoot(t, "probe", writeProbePlan(t, "    - name: x\n      tcp: {address: nope}\n"))
		if code != ExitFailure || !strings.Contains(errOut, "tcp.address") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
}

func TestProbeTableGolden(t *testing.T) {
	at := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	results := []probe.Result{
		{Name: "health", Type: "http", Sample: probe.Sample{At: at, OK: true, Latency: 12345 * time.Microsecond, Detail: "status 200 OK"}},
		{Name: "partner", Type: "tcp", Sample: probe.Sample{At: at, Latency: 5 * time.Second, Error: "timed out after 5s: dial tcp 10.0.0.7:443: i/o timeout"}},
		{Name: "resolver", Type: "dns", Sample: probe.Sample{At: at, OK: true, Latency: 830 * time.Microsecond, Detail: "resolved to 10.1.2.3"}},
		{Name: "smoke", Type: "command", Sample: probe.Sample{At: at, Latency: 1500 * time.Millisecond, Error: "exit status 2", Output: "checking kinesis\nboom"}},
	}
	var buf bytes.Buffer
	if err := writeProbeTable(&buf, results); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "probe-table.golden", buf.Bytes())
	buf.Reset()
	if err := writeProbeJSON(&buf, "plan.yaml", results); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "probe-json.golden", buf.Bytes())
}
