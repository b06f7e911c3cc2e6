package probe

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/plan"
)

// Defaults applied when the plan left a field zero: the plan format's own
// (plan.SetDefaults applies them too; the probe package does not rely on it).
const (
	defaultTimeout   = plan.DefaultProbeTimeout
	defaultThreshold = plan.DefaultFailureThreshold
	fallbackInterval = plan.DefaultPollInterval
)

// sensitiveHeaders have their values redacted even when written literally.
var sensitiveHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key"}

// TypeOf returns the kind of a probe spec (http, tcp, dns, command), or ""
// when none is set.
func TypeOf(p plan.Probe) string {
	switch {
	case p.HTTP != nil:
		return TypeHTTP
	case p.TCP != nil:
		return TypeTCP
	case p.DNS != nil:
		return TypeDNS
	case p.Command != nil:
		return TypeCommand
	}
	return ""
}

// newRunner builds the runner for one probe spec, applying defaults,
// reading header values from the environment and compiling what can be
// compiled, so every problem shows before the first attempt.
func newRunner(p plan.Probe, defaultInterval time.Duration) (*runner, error) {
	if p.Name == "" {
		return nil, fmt.Errorf("probe without a name")
	}
	kinds := 0
	for _, set := range []bool{p.HTTP != nil, p.TCP != nil, p.DNS != nil, p.Command != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return nil, fmt.Errorf("probe %q: set exactly one of http, tcp, dns and command (has %d)", p.Name, kinds)
	}
	r := &runner{name: p.Name, kind: TypeOf(p), interval: p.Interval.D(), timeout: p.Timeout.D(), threshold: p.FailureThreshold}
	r.applyDefaults(defaultInterval)
	var err error
	switch r.kind {
	case TypeHTTP:
		r.checker, r.secrets, err = newHTTPCheck(p.HTTP, r.timeout)
	case TypeTCP:
		r.checker, err = newTCPCheck(p.TCP, r.timeout)
	case TypeDNS:
		r.checker, err = newDNSCheck(p.DNS, r.timeout)
	case TypeCommand:
		r.checker, err = newCommandCheck(p.Command, r.timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("probe %q: %w", p.Name, err)
	}
	return r, nil
}

func (r *runner) applyDefaults(defaultInterval time.Duration) {
	if r.interval <= 0 {
		r.interval = defaultInterval
	}
	if r.interval <= 0 {
		r.interval = fallbackInterval
	}
	if r.timeout <= 0 {
		r.timeout = min(defaultTimeout, r.interval)
	}
	if r.threshold <= 0 {
		r.threshold = defaultThreshold
	}
}

func newHTTPCheck(h *plan.HTTPProbe, timeout time.Duration) (*httpCheck, redactor, error) {
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, fmt.Errorf("http: url %q: want an http:// or https:// URL with a host", h.URL)
	}
	c := &httpCheck{method: h.Method, url: h.URL, headers: http.Header{}, body: h.Body,
		expect: h.ExpectStatus, maxLatency: h.MaxLatency.D(), timeout: timeout}
	if c.method == "" {
		c.method = http.MethodGet
	}
	if h.BodyRegex != "" {
		if c.bodyRe, err = regexp.Compile(h.BodyRegex); err != nil {
			return nil, nil, fmt.Errorf("http: body_regex: %w", err)
		}
	}
	var secrets redactor
	if pw, ok := u.User.Password(); ok {
		secrets = append(secrets, pw)
	}
	for _, hd := range h.Headers {
		value := hd.Value
		if hd.FromEnv != "" {
			v, ok := os.LookupEnv(hd.FromEnv)
			if !ok || v == "" {
				return nil, nil, fmt.Errorf("http: header %s: environment variable %s is not set", hd.Name, hd.FromEnv)
			}
			value = v
			secrets = append(secrets, v)
		} else if isSensitive(hd.Name) {
			secrets = append(secrets, value)
		}
		c.headers.Add(hd.Name, value)
	}
	c.client = newHTTPClient(h.InsecureSkipVerify, h.ExpectStatus)
	return c, secrets, nil
}

func isSensitive(header string) bool {
	for _, s := range sensitiveHeaders {
		if strings.EqualFold(s, header) {
			return true
		}
	}
	return false
}

func newTCPCheck(t *plan.TCPProbe, timeout time.Duration) (*tcpCheck, error) {
	if t.Address == "" {
		return nil, fmt.Errorf("tcp: address missing: want host:port")
	}
	return &tcpCheck{address: t.Address, timeout: timeout}, nil
}

func newDNSCheck(d *plan.DNSProbe, timeout time.Duration) (*dnsCheck, error) {
	if d.Name == "" {
		return nil, fmt.Errorf("dns: name missing")
	}
	c := &dnsCheck{name: d.Name, server: d.Server, timeout: timeout, resolver: newResolver(d.Server)}
	for _, s := range d.ExpectCIDRs {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("dns: expect_cidrs: %w", err)
		}
		c.cidrs = append(c.cidrs, p.Masked())
	}
	return c, nil
}

func newCommandCheck(c *plan.CommandProbe, timeout time.Duration) (*commandCheck, error) {
	if len(c.Argv) == 0 || c.Argv[0] == "" {
		return nil, fmt.Errorf("command: argv missing")
	}
	return &commandCheck{argv: c.Argv, env: commandEnv(c.Env), timeout: timeout}, nil
}
