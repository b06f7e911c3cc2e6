package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/run"
)

// denyDeleteTags is a proxy in front of moto that refuses every EC2
// DeleteTags (moto's own cannot be made to fail), so a run cannot release
// its lease tag.
func denyDeleteTags(t *testing.T, motoURL string) *httptest.Server {
	t.Helper()
	target, err := url.Parse(motoURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if form, err := url.ParseQuery(string(body)); err == nil && form.Get("Action") == "DeleteTags" {
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnauthorizedOperation</Code>`+
				`<Message>DeleteTags refused by the test proxy</Message></Error></Errors><RequestID>test</RequestID></Response>`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A run whose lease tag cannot be released completes its targets but
// exits 4, prints the recover command that releases the tag, and lists
// the tag under leftovers; that command then releases it.
func TestIntegrationRunLeaseNotReleased(t *testing.T) {
	motoURL := testenv.MotoURL(t)
	aclprobeBinary(t)
	e := newStagingEnv(t)
	planPath := e.writePlan("1s", "203.0.113.7/32")
	t.Setenv("AWS_ENDPOINT_URL", denyDeleteTags(t, motoURL).URL)
	p := e.start("run", planPath, "--yes", "--out", e.out)
	if code := p.wait(); code != ExitRollback {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitRollback, p.stderr)
	}
	recoverCmd := "aclprobe recover --acl " + e.acl + " --region " + testenv.Region + " --force"
	if !strings.Contains(p.stderr.String(), "\n  "+recoverCmd+"   # lease tag "+acl.LeaseTag+" on "+e.acl) {
		t.Fatalf("stderr does not print %q for the lease tag:\n%s", recoverCmd, p.stderr)
	}
	res := readResults(t, e.out)
	if res.Outcome != run.OutcomeCompleted || len(res.Targets) != 1 || res.Targets[0].AppliedAt == nil || res.Targets[0].RemovedAt == nil {
		t.Fatalf("outcome %q, targets %+v: want the target tested", res.Outcome, res.Targets)
	}
	_, tags := e.snapshot()
	lease, ok := tags[acl.LeaseTag]
	if !ok {
		t.Fatal("the lease tag is gone although DeleteTags was refused")
	}
	if len(res.Leftovers) != 1 || res.Leftovers[0].Kind != run.LeftoverLeaseTag || res.Leftovers[0].TagValue != lease ||
		res.Leftovers[0].Command != recoverCmd {
		t.Fatalf("leftovers %+v, want the lease tag %q with %q", res.Leftovers, lease, recoverCmd)
	}

	t.Setenv("AWS_ENDPOINT_URL", motoURL)
	rp := e.start(strings.Fields(recoverCmd)[1:]...) // exactly what was printed
	if code := rp.wait(); code != ExitOK {
		t.Fatalf("recover exit %d; stderr:\n%s", code, rp.stderr)
	}
	if _, tags := e.snapshot(); tags[acl.LeaseTag] != "" {
		t.Fatalf("recover left the lease tag %q", tags[acl.LeaseTag])
	}
}
