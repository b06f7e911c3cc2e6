package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// maxBody is how much of a response body is read and matched.
const maxBody = 1 << 20

// httpCheck requests a URL and checks status, body and latency.
type httpCheck struct {
	method     string
	url        string
	headers    http.Header
	body       string
	expect     []int // empty: any 2xx
	bodyRe     *regexp.Regexp
	maxLatency time.Duration
	timeout    time.Duration
	client     *http.Client
}

// newHTTPClient returns a client that opens a fresh connection for every
// attempt (a reused connection would hide a new deny), verifies TLS unless
// told not to, and follows redirects unless a 3xx status is expected.
func newHTTPClient(insecure bool, expect []int) *http.Client {
	tr := &http.Transport{
		Proxy:             http.ProxyFromEnvironment, // like curl: HTTPS_PROXY, NO_PROXY; never for loopback
		DialContext:       (&net.Dialer{}).DialContext,
		DisableKeepAlives: true,
		ForceAttemptHTTP2: true,
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: insecure}, // opt-in per probe: insecure_skip_verify
	}
	c := &http.Client{Transport: tr}
	if slices.ContainsFunc(expect, func(s int) bool { return s >= 300 && s < 400 }) {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return c
}

func (h *httpCheck) check(ctx context.Context) outcome {
	req, err := http.NewRequestWithContext(ctx, h.method, h.url, strings.NewReader(h.body))
	if err != nil {
		return failed(0, "build request: %v", err)
	}
	req.Header = h.headers.Clone()
	if host := req.Header.Get("Host"); host != "" {
		req.Host = host
	}
	start := time.Now()
	resp, err := h.client.Do(req)
	if err != nil {
		return failed(time.Since(start), "%s", describeErr(ctx, h.timeout, err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	latency := time.Since(start)
	if err != nil {
		return failed(latency, "status %s; read body: %s", resp.Status, describeErr(ctx, h.timeout, err))
	}
	var problems []string
	if !h.statusOK(resp.StatusCode) {
		problems = append(problems, fmt.Sprintf("status %s, want %s", resp.Status, h.wantStatus()))
	}
	if h.bodyRe != nil && !h.bodyRe.Match(body) {
		problems = append(problems, fmt.Sprintf("body does not match %q", h.bodyRe.String()))
	}
	if h.maxLatency > 0 && latency > h.maxLatency {
		problems = append(problems, fmt.Sprintf("latency %s over max_latency %s", roundLatency(latency), h.maxLatency))
	}
	out := outcome{ok: len(problems) == 0, latency: latency, detail: "status " + resp.Status}
	if !out.ok {
		if !h.statusOK(resp.StatusCode) || h.bodyRe != nil && !h.bodyRe.Match(body) {
			problems = append(problems, fmt.Sprintf("body %q", oneLine(string(body), 200)))
		}
		out.err = strings.Join(problems, "; ")
	}
	return out
}

func (h *httpCheck) statusOK(code int) bool {
	if len(h.expect) == 0 {
		return code >= 200 && code < 300
	}
	return slices.Contains(h.expect, code)
}

func (h *httpCheck) wantStatus() string {
	if len(h.expect) == 0 {
		return "2xx"
	}
	s := make([]string, len(h.expect))
	for i, c := range h.expect {
		s[i] = fmt.Sprint(c)
	}
	return strings.Join(s, " or ")
}
