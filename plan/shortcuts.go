package plan

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// Probe shortcut kinds (plan generate --probe-KIND VALUE).
const (
	ShortcutHTTP = "http"
	ShortcutTCP  = "tcp"
	ShortcutDNS  = "dns"
	ShortcutCmd  = "cmd"
)

var unsafeNameChars = regexp.MustCompile(`[^A-Za-z0-9._:-]+`)

// ShortcutProbes turns the --probe-* flag values into probes with default
// settings (filled by SetDefaults) and names derived from their value:
// http-HOST, tcp-HOST-PORT, dns-NAME, cmd-PROGRAM; a repeated name gets a
// -2, -3 suffix. Command lines are split shell-style without a shell.
func ShortcutProbes(http, tcp, dns, cmd []string) ([]Probe, error) {
	var out []Probe
	used := map[string]int{}
	add := func(base string, pr Probe) {
		base = strings.Trim(unsafeNameChars.ReplaceAllString(base, "-"), "-.")
		if len(base) > 56 {
			base = base[:56]
		}
		used[base]++
		pr.Name = base
		if n := used[base]; n > 1 {
			pr.Name = fmt.Sprintf("%s-%d", base, n)
		}
		out = append(out, pr)
	}
	for _, u := range http {
		pu, err := url.Parse(u)
		if err != nil || pu.Host == "" {
			return nil, fmt.Errorf("--probe-http %q: want a URL such as https://api.staging.internal/health", u)
		}
		add("http-"+pu.Hostname(), Probe{HTTP: &HTTPProbe{URL: u}})
	}
	for _, a := range tcp {
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			return nil, fmt.Errorf("--probe-tcp %q: want HOST:PORT", a)
		}
		add("tcp-"+host+"-"+port, Probe{TCP: &TCPProbe{Address: a}})
	}
	for _, n := range dns {
		add("dns-"+strings.TrimSuffix(n, "."), Probe{DNS: &DNSProbe{Name: n}})
	}
	for _, c := range cmd {
		argv, err := SplitArgv(c)
		if err != nil {
			return nil, fmt.Errorf("--probe-cmd: %w", err)
		}
		add("cmd-"+path.Base(argv[0]), Probe{Command: &CommandProbe{Argv: argv}})
	}
	return out, nil
}
