package plan

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	probeNameRe  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$`)
	methodRe     = regexp.MustCompile(`^[A-Z]+$`)
	headerNameRe = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
	envNameRe    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	hostnameRe   = regexp.MustCompile(`^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$`)
)

func validateProbes(p *Plan, ps *problems) {
	seen := map[string]int{}
	for i := range p.Watch.Probes {
		pr := &p.Watch.Probes[i]
		path := fmt.Sprintf("watch.probes[%d]", i)
		switch {
		case pr.Name == "":
			ps.add(path+".name", "missing: every probe needs a name (it appears in verdicts)")
		case !probeNameRe.MatchString(pr.Name):
			ps.add(path+".name", "%q: use 1-64 letters, digits, '.', '_', ':' or '-'", pr.Name)
		}
		if j, dup := seen[pr.Name]; dup && pr.Name != "" {
			ps.add(path+".name", "duplicate probe name %q (also watch.probes[%d])", pr.Name, j)
		}
		seen[pr.Name] = i
		validateProbeCommon(pr, path, ps)
		if need := time.Duration(pr.FailureThreshold) * pr.Interval.D(); pr.FailureThreshold >= 1 && pr.Interval > 0 && p.Timing.Window > 0 && need > p.Timing.Window.D() {
			ps.add(path, "needs failure_threshold × interval = %s of failures, longer than timing.window %s: it could never break a target",
				FormatDuration(need), FormatDuration(p.Timing.Window.D()))
		}
		kinds := 0
		if pr.HTTP != nil {
			kinds++
			validateHTTP(pr.HTTP, pr, path+".http", ps)
		}
		if pr.TCP != nil {
			kinds++
			if err := checkHostPort(pr.TCP.Address); err != nil {
				ps.add(path+".tcp.address", "%v", err)
			}
		}
		if pr.DNS != nil {
			kinds++
			validateDNS(pr.DNS, path+".dns", ps)
		}
		if pr.Command != nil {
			kinds++
			validateCommand(pr.Command, path+".command", ps)
		}
		if kinds != 1 {
			ps.add(path, "has %d kinds: set exactly one of http, tcp, dns or command", kinds)
		}
	}
}

func validateProbeCommon(pr *Probe, path string, ps *problems) {
	if pr.Interval <= 0 {
		ps.add(path+".interval", "%s: must be positive", pr.Interval)
	}
	if pr.Timeout <= 0 {
		ps.add(path+".timeout", "%s: must be positive", pr.Timeout)
	}
	if pr.Interval > 0 && pr.Timeout > pr.Interval {
		ps.add(path+".timeout", "%s is longer than the probe interval %s", pr.Timeout, pr.Interval)
	}
	if pr.FailureThreshold < 1 {
		ps.add(path+".failure_threshold", "%d: must be at least 1", pr.FailureThreshold)
	}
}

func validateHTTP(h *HTTPProbe, pr *Probe, path string, ps *problems) {
	u, err := url.Parse(h.URL)
	switch {
	case h.URL == "":
		ps.add(path+".url", "missing: the URL to request")
	case err != nil:
		ps.add(path+".url", "%q does not parse: %v", h.URL, err)
	case u.Scheme != "http" && u.Scheme != "https":
		ps.add(path+".url", "%q: want an http:// or https:// URL", h.URL)
	case u.Host == "":
		ps.add(path+".url", "%q has no host", h.URL)
	}
	if !methodRe.MatchString(h.Method) {
		ps.add(path+".method", "%q: want an upper-case HTTP method such as GET or POST", h.Method)
	}
	for i, hd := range h.Headers {
		hp := fmt.Sprintf("%s.headers[%d]", path, i)
		if !headerNameRe.MatchString(hd.Name) {
			ps.add(hp+".name", "%q is not a valid header name", hd.Name)
		}
		if (hd.Value == "") == (hd.FromEnv == "") {
			ps.add(hp, "set exactly one of value and from_env")
		}
		if hd.FromEnv != "" && !envNameRe.MatchString(hd.FromEnv) {
			ps.add(hp+".from_env", "%q is not an environment variable name", hd.FromEnv)
		}
	}
	for i, s := range h.ExpectStatus {
		if s < 100 || s > 599 {
			ps.add(fmt.Sprintf("%s.expect_status[%d]", path, i), "%d is not an HTTP status code (100-599)", s)
		}
	}
	if h.BodyRegex != "" {
		if _, err := regexp.Compile(h.BodyRegex); err != nil {
			ps.add(path+".body_regex", "does not compile: %v", err)
		}
	}
	if h.MaxLatency < 0 {
		ps.add(path+".max_latency", "%s: must not be negative", h.MaxLatency)
	}
	if h.MaxLatency > 0 && pr.Timeout > 0 && h.MaxLatency > pr.Timeout {
		ps.add(path+".max_latency", "%s is longer than the probe timeout %s: it could never be exceeded", h.MaxLatency, pr.Timeout)
	}
}

func validateDNS(d *DNSProbe, path string, ps *problems) {
	switch {
	case d.Name == "":
		ps.add(path+".name", "missing: the name to resolve")
	case !hostnameRe.MatchString(d.Name):
		ps.add(path+".name", "%q is not a DNS name", d.Name)
	}
	if d.Server != "" {
		if err := checkHostPort(d.Server); err != nil {
			ps.add(path+".server", "%v", err)
		}
	}
	for i, c := range d.ExpectCIDRs {
		if _, msg := parseCanonicalPrefix(c); msg != "" {
			ps.add(fmt.Sprintf("%s.expect_cidrs[%d]", path, i), "%s", msg)
		}
	}
}

func validateCommand(c *CommandProbe, path string, ps *problems) {
	if len(c.Argv) == 0 || strings.TrimSpace(c.Argv[0]) == "" {
		ps.add(path+".argv", "missing: the program and its arguments, e.g. [curl, -fsS, https://example.internal/health]")
	}
	for _, k := range sortedKeys(c.Env) {
		if !envNameRe.MatchString(k) {
			ps.add(path+".env."+k, "%q is not an environment variable name", k)
		}
	}
}

// checkHostPort checks a host:port address with a port in 1..65535.
func checkHostPort(addr string) error {
	if addr == "" {
		return fmt.Errorf("missing: want host:port")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q: want host:port (IPv6 as [addr]:port)", addr)
	}
	if host == "" {
		return fmt.Errorf("%q has no host", addr)
	}
	if _, err := netip.ParseAddr(host); err != nil && !hostnameRe.MatchString(host) {
		return fmt.Errorf("%q: %q is neither an IP address nor a host name", addr, host)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%q: port %q is not 1-65535", addr, port)
	}
	return nil
}
