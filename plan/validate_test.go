package plan

import (
	"errors"
	"strings"
	"testing"
)

// edit is one textual change to testdata/valid.yaml.
type edit struct{ old, new string }

func applyEdits(t *testing.T, src string, edits []edit) string {
	t.Helper()
	for _, e := range edits {
		if !strings.Contains(src, e.old) {
			t.Fatalf("edit: %q not found in valid.yaml", e.old)
		}
		src = strings.Replace(src, e.old, e.new, 1)
	}
	return src
}

func TestValidateEveryError(t *testing.T) {
	tests := []struct {
		name  string
		edits []edit
		want  string // expected problem, "file:line:col: path: message" prefix
	}{
		{"missing apiVersion", []edit{{"apiVersion: aclprobe/v1\n", ""}}, "t.yaml:1:1: apiVersion: missing"},
		{"wrong apiVersion", []edit{{"aclprobe/v1", "aclprobe/v2"}}, `t.yaml:1:13: apiVersion: unsupported "aclprobe/v2"`},
		{"missing name", []edit{{"name: unit-valid\n", ""}}, "t.yaml:1:1: name: missing"},
		{"bad name", []edit{{"name: unit-valid", "name: ../etc"}}, `t.yaml:2:7: name: "../etc": use 1-64`},
		{"missing region", []edit{{"  region: eu-west-1\n", ""}}, "t.yaml:5:3: target.region: missing"},
		{"bad region", []edit{{"region: eu-west-1", "region: Ireland"}}, `t.yaml:5:11: target.region: "Ireland" is not an AWS region`},
		{"missing acl", []edit{{"  network_acl: acl-0123456789abcdef0\n", ""}}, "t.yaml:5:3: target.network_acl: missing"},
		{"bad acl id", []edit{{"network_acl: acl-0123456789abcdef0", "network_acl: sg-0123456789abcdef0"}}, `t.yaml:6:16: target.network_acl: "sg-0123456789abcdef0" is not a network ACL id`},
		{"bad subnet", []edit{{"subnets: [subnet-0123456789abcdef0]", "subnets: [subnet-xyz]"}}, `t.yaml:7:13: target.subnets[0]: "subnet-xyz" is not a subnet id`},
		{"duplicate subnet", []edit{{"subnets: [subnet-0123456789abcdef0]", "subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef0]"}}, "t.yaml:7:39: target.subnets[1]: duplicate subnet"},
		{"no accounts", []edit{{`  accounts: ["111122223333"]` + "\n", ""}}, "t.yaml:9:3: guard.accounts: missing"},
		{"short account", []edit{{`"111122223333"`, `"11112222333"`}}, `t.yaml:9:14: guard.accounts[0]: "11112222333" is not an AWS account id`},
		{"duplicate account", []edit{{`["111122223333"]`, `["111122223333", "111122223333"]`}}, "t.yaml:9:30: guard.accounts[1]: duplicate account"},
		{"production tag", []edit{{"Environment: staging", "Environment: Production"}}, `t.yaml:11:18: guard.require_tags.Environment: value "Production" says production`},
		{"bad direction", []edit{{"direction: egress", "direction: outbound"}}, `t.yaml:13:14: deny.direction: "outbound": want egress or ingress`},
		{"bad protocol", []edit{{"protocol: all", "protocol: sctp"}}, `t.yaml:14:13: deny.protocol: protocol "sctp": want all`},
		{"protocol number out of range", []edit{{"protocol: all", "protocol: 300"}}, `t.yaml:14:13: deny.protocol: protocol "300"`},
		{"rule range from zero", []edit{{"from: 80", "from: 0"}}, "t.yaml:15:22: deny.rule_range.from: 0 is outside 1..32766"},
		{"rule range to default rule", []edit{{"to: 89", "to: 32767"}}, "t.yaml:15:30: deny.rule_range.to: 32767 is outside 1..32766"},
		{"rule range reversed", []edit{{"from: 80, to: 89", "from: 89, to: 80"}}, "t.yaml:15:15: deny.rule_range: from 89 is greater than to 80"},
		{"max entries too high", []edit{{"max_entries: 20", "max_entries: 41"}}, "t.yaml:16:16: deny.max_entries: 41: want 1..40"},
		{"negative window", []edit{{"window: 5m", "window: -5m"}}, "t.yaml:18:11: timing.window: -5m0s: must be positive"},
		{"window not longer than poll", []edit{{"window: 5m", "window: 30s"}}, "t.yaml:18:11: timing.window: 30s must be longer than timing.poll_interval 30s"},
		{"recovery shorter than poll", []edit{{"recovery_timeout: 10m", "recovery_timeout: 10s"}}, "t.yaml:20:21: timing.recovery_timeout: 10s is shorter than timing.poll_interval"},
		{"negative cooldown", []edit{{"cooldown: 1m", "cooldown: -1m"}}, "t.yaml:21:13: timing.cooldown: -1m0s: must not be negative"},
		{"estimate over max duration", []edit{{"max_duration: 1h", "max_duration: 30m"}},
			"t.yaml:22:17: timing.max_duration: 30m is shorter than the estimated total duration: 2 target(s) × (5m window + 10m recovery timeout + 1m cooldown) = 32m"},
		{"nothing watched", []edit{{"  alarms: [api-5xx]\n  alarm_prefixes: [staging-]\n", ""}, {"probes:", "probes_gone:"}}, `unknown key "probes_gone"`},
		{"empty alarm name", []edit{{"alarms: [api-5xx]", `alarms: [api-5xx, ""]`}}, "t.yaml:24:21: watch.alarms[1]: empty alarm name"},
		{"duplicate alarm", []edit{{"alarms: [api-5xx]", "alarms: [api-5xx, api-5xx]"}}, `t.yaml:24:21: watch.alarms[1]: duplicate alarm "api-5xx"`},
		{"duplicate prefix", []edit{{"alarm_prefixes: [staging-]", "alarm_prefixes: [staging-, staging-]"}}, "watch.alarm_prefixes[1]: duplicate alarm prefix"},
		{"stop alarm also watched", []edit{{"stop_alarms: [payments-down]", "stop_alarms: [api-5xx]"}}, `t.yaml:26:17: watch.stop_alarms[0]: "api-5xx" is also a watched alarm`},
		{"stop alarm under watched prefix", []edit{{"stop_alarms: [payments-down]", "stop_alarms: [staging-down]"}}, `watch.stop_alarms[0]: "staging-down" is also watched through alarm prefix "staging-"`},
		{"probe without name", []edit{{"    - name: health\n", "    - name: \"\"\n"}}, "t.yaml:28:13: watch.probes[0].name: missing"},
		{"bad probe name", []edit{{"- name: health", "- name: health check"}}, `watch.probes[0].name: "health check": use 1-64`},
		{"duplicate probe name", []edit{{"- name: partner", "- name: health"}}, `t.yaml:37:13: watch.probes[1].name: duplicate probe name "health"`},
		{"probe with two kinds", []edit{{"      tcp:\n        address: partner.example.internal:443\n", "      tcp:\n        address: partner.example.internal:443\n      dns: {name: x.example}\n"}},
			"t.yaml:37:7: watch.probes[1]: has 2 kinds: set exactly one"},
		{"probe with no kind", []edit{{"      tcp:\n        address: partner.example.internal:443\n", ""}}, "watch.probes[1]: has 0 kinds"},
		{"negative interval", []edit{{"    - name: partner\n", "    - name: partner\n      interval: -1s\n"}}, "watch.probes[1].interval: -1s: must be positive"},
		{"timeout longer than interval", []edit{{"    - name: partner\n", "    - name: partner\n      timeout: 1m\n"}}, "watch.probes[1].timeout: 1m0s is longer than the probe interval 30s"},
		{"threshold below one", []edit{{"    - name: partner\n", "    - name: partner\n      failure_threshold: -1\n"}}, "watch.probes[1].failure_threshold: -1: must be at least 1"},
		{"http url missing", []edit{{"url: https://api.staging.example.internal/health", `url: ""`}}, "watch.probes[0].http.url: missing"},
		{"http url not parsing", []edit{{"url: https://api.staging.example.internal/health", `url: "https://exa mple.com:x/"`}}, "watch.probes[0].http.url: \"https://exa mple.com:x/\" does not parse"},
		{"http url wrong scheme", []edit{{"url: https://api.staging.example.internal/health", "url: ftp://host/x"}}, `watch.probes[0].http.url: "ftp://host/x": want an http://`},
		{"http url without host", []edit{{"url: https://api.staging.example.internal/health", "url: https:///health"}}, "has no host"},
		{"http bad method", []edit{{"        url: https://api.staging.example.internal/health\n", "        url: https://api.staging.example.internal/health\n        method: get\n"}}, `watch.probes[0].http.method: "get": want an upper-case`},
		{"header with value and from_env", []edit{{"from_env: HEALTH_TOKEN", "from_env: HEALTH_TOKEN\n            value: x"}}, "watch.probes[0].http.headers[0]: set exactly one of value and from_env"},
		{"bad header name", []edit{{"name: Authorization", "name: Auth orization"}}, `watch.probes[0].http.headers[0].name: "Auth orization" is not a valid header name`},
		{"bad env name", []edit{{"from_env: HEALTH_TOKEN", "from_env: 1TOKEN"}}, `watch.probes[0].http.headers[0].from_env: "1TOKEN" is not an environment variable name`},
		{"bad status", []edit{{"expect_status: [200]", "expect_status: [200, 999]"}}, "watch.probes[0].http.expect_status[1]: 999 is not an HTTP status code"},
		{"bad regex", []edit{{`body_regex: '"status":"ok"'`, `body_regex: '(unclosed'`}}, "t.yaml:35:21: watch.probes[0].http.body_regex: does not compile"},
		{"latency over timeout", []edit{{"max_latency: 2s", "max_latency: 10s"}}, "watch.probes[0].http.max_latency: 10s is longer than the probe timeout 5s"},
		{"tcp without port", []edit{{"address: partner.example.internal:443", "address: partner.example.internal"}}, `t.yaml:39:18: watch.probes[1].tcp.address: "partner.example.internal": want host:port`},
		{"tcp port out of range", []edit{{"address: partner.example.internal:443", "address: partner.example.internal:70000"}}, `port "70000" is not 1-65535`},
		{"dns bad name", []edit{{"name: api.staging.example.internal\n        server", "name: bad_name..x\n        server"}}, `watch.probes[2].dns.name: "bad_name..x" is not a DNS name`},
		{"dns bad server", []edit{{"server: 127.0.0.1:53", "server: 127.0.0.1"}}, "watch.probes[2].dns.server"},
		{"dns bad expect cidr", []edit{{"expect_cidrs: [10.0.0.0/8]", "expect_cidrs: [10.0.0.1/8]"}}, `watch.probes[2].dns.expect_cidrs[0]: "10.0.0.1/8" is not canonical`},
		{"command empty argv", []edit{{"argv: [./smoke.sh, --quick]", "argv: []"}}, "t.yaml:47:15: watch.probes[3].command.argv: missing"},
		{"command bad env", []edit{{"env: {MODE: quick}", "env: {MO-DE: quick}"}}, `watch.probes[3].command.env.MO-DE: "MO-DE" is not an environment variable name`},
		{"no targets", []edit{{"targets:\n", "targets: []\nold_targets:\n"}}, `unknown key "old_targets"`},
		{"invalid cidr", []edit{{"cidr: 52.94.0.12/32", "cidr: 52.94.0.300/32"}}, `t.yaml:50:11: targets[0].cidr: "52.94.0.300/32" is not a valid CIDR`},
		{"address without mask", []edit{{"cidr: 52.94.0.12/32", "cidr: 52.94.0.12"}}, `targets[0].cidr: "52.94.0.12" is an address, not a CIDR: write 52.94.0.12/32`},
		{"host bits set", []edit{{"cidr: 3.233.144.0/24", "cidr: 3.233.144.1/24"}}, `t.yaml:53:11: targets[1].cidr: "3.233.144.1/24" is not canonical: host bits are set; the network is 3.233.144.0/24 (or write 3.233.144.1/32`},
		{"ipv6 upper case", []edit{{"cidr: 3.233.144.0/24", "cidr: 2001:DB8::/64"}}, `targets[1].cidr: "2001:DB8::/64" is not canonical: write 2001:db8::/64`},
		{"ipv4 mapped", []edit{{"cidr: 3.233.144.0/24", "cidr: ::ffff:3.233.144.0/120"}}, "is an IPv4-mapped IPv6 prefix"},
		{"broader than /16", []edit{{"cidr: 3.233.144.0/24", "cidr: 3.0.0.0/8"}}, "targets[1].cidr: 3.0.0.0/8 is broader than /16: split it, or set allow_broad: true"},
		{"ipv6 broader than /48", []edit{{"cidr: 3.233.144.0/24", "cidr: 2001:db8::/32"}}, "targets[1].cidr: 2001:db8::/32 is broader than /48"},
		{"all addresses even with allow_broad", []edit{{"cidr: 3.233.144.0/24\n", "cidr: 0.0.0.0/0\n    allow_broad: true\n"}}, "targets[1].cidr: 0.0.0.0/0 would deny all traffic: never allowed, even with allow_broad"},
		{"all ipv6 addresses", []edit{{"cidr: 3.233.144.0/24\n", "cidr: ::/0\n    allow_broad: true\n"}}, "targets[1].cidr: ::/0 would deny all traffic"},
		{"duplicate target", []edit{{"cidr: 3.233.144.0/24", "cidr: 52.94.0.12/32"}}, "t.yaml:53:11: targets[1].cidr: duplicate target 52.94.0.12/32 (also targets[0])"},
		{"overlapping targets", []edit{{"cidr: 3.233.144.0/24", "cidr: 52.94.0.0/24"}}, "targets[1].cidr: 52.94.0.0/24 overlaps targets[0] 52.94.0.12/32"},
		{"icmp with ipv6 target", []edit{{"protocol: all", "protocol: icmp"}, {"cidr: 3.233.144.0/24", "cidr: 2001:db8::/64"}}, "targets[1].cidr: 2001:db8::/64 is IPv6 but deny.protocol is icmp"},
		{"icmpv6 with ipv4 target", []edit{{"protocol: all", "protocol: icmpv6"}}, "targets[0].cidr: 52.94.0.12/32 is IPv4 but deny.protocol is icmpv6"},
		{"negative evidence", []edit{{"flows: 1200", "flows: -1"}}, "targets[0].evidence: flows, packets and bytes must not be negative"},
		{"empty tag key", []edit{{"Environment: staging", "Environment: staging\n    \"\": x"}}, "guard.require_tags: empty tag key"},
		{"negative max entries", []edit{{"max_entries: 20", "max_entries: -1"}}, "deny.max_entries: -1: want 1..40"},
		{"negative poll interval", []edit{{"poll_interval: 30s", "poll_interval: -30s"}}, "timing.poll_interval: -30s: must be positive"},
		{"zero-length stop alarm", []edit{{"stop_alarms: [payments-down]", `stop_alarms: [" "]`}}, "watch.stop_alarms[0]: empty stop alarm name"},
		{"negative probe timeout", []edit{{"    - name: partner\n", "    - name: partner\n      timeout: -1s\n"}}, "watch.probes[1].timeout: -1s: must be positive"},
		{"cidr and cidrs", []edit{{"cidr: 3.233.144.0/24", "cidr: 3.233.144.0/24\n    cidrs: [3.233.145.0/24]"}}, "t.yaml:53:5: targets[1]: both cidr and cidrs"},
		{"empty cidrs", []edit{{"cidr: 3.233.144.0/24", "cidrs: []"}}, "targets[1].cidrs: empty"},
		{"service member not canonical", []edit{{"cidr: 3.233.144.0/24", "cidrs: [3.233.144.0/24, 3.233.145.1/24]"}}, `t.yaml:53:29: targets[1].cidrs[1]: "3.233.145.1/24" is not canonical`},
		{"service member overlaps another target", []edit{{"cidr: 3.233.144.0/24", "cidrs: [3.233.144.0/24, 52.94.0.0/24]"}}, "targets[1].cidrs[1]: 52.94.0.0/24 overlaps targets[0] 52.94.0.12/32"},
		{"service members overlap each other", []edit{{"cidr: 3.233.144.0/24", "cidrs: [3.233.144.0/24, 3.233.144.7/32]"}}, "targets[1].cidrs[1]: 3.233.144.7/32 overlaps targets[1] 3.233.144.0/24"},
		{"unknown strategy mode", []edit{{"targets:\n", "strategy: {mode: parallel}\ntargets:\n"}}, `strategy.mode: "parallel": use sequential or group`},
		{"max_group in sequential mode", []edit{{"targets:\n", "strategy: {max_group: 4}\ntargets:\n"}}, "strategy.max_group: applies to mode: group only"},
		{"max_group of one", []edit{{"targets:\n", "strategy: {mode: group, max_group: 1}\ntargets:\n"}}, "strategy.max_group: 1: use 2..40"},
		{"service larger than max_group", []edit{{"targets:\n", "strategy: {mode: group, max_group: 2}\ntargets:\n"}, {"cidr: 3.233.144.0/24", "cidrs: [3.233.144.0/24, 3.233.145.0/24, 3.233.146.0/24]"}},
			"targets[1].cidrs: 3 CIDRs: more than strategy.max_group 2"},
		{"assume_breaking over 100", []edit{{"targets:\n", "strategy: {mode: group, assume_breaking: 120}\ntargets:\n"}}, "strategy.assume_breaking: 120: a percentage"},
		{"negative max latency", []edit{{"max_latency: 2s", "max_latency: -2s"}}, "watch.probes[0].http.max_latency: -2s: must not be negative"},
		{"dns name missing", []edit{{"name: api.staging.example.internal\n        server", "name: \"\"\n        server"}}, "watch.probes[2].dns.name: missing"},
		{"tcp without host", []edit{{"address: partner.example.internal:443", "address: :443"}}, `watch.probes[1].tcp.address: ":443" has no host`},
		{"tcp bad host", []edit{{"address: partner.example.internal:443", "address: bad..host:443"}}, `is neither an IP address nor a host name`},
		{"tcp address missing", []edit{{"address: partner.example.internal:443", `address: ""`}}, "watch.probes[1].tcp.address: missing: want host:port"},
		{"probe slower than the window", []edit{{"    - name: partner\n", "    - name: partner\n      interval: 3m\n"}}, "t.yaml:37:7: watch.probes[1]: needs failure_threshold × interval = 6m of failures, longer than timing.window 5m"},
		{"missing target cidr", []edit{{"  - cidr: 3.233.144.0/24\n    label: datadog\n", "  - label: datadog\n"}}, "t.yaml:53:5: targets[1].cidr: missing"},
	}
	base := readValid(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := applyEdits(t, base, tt.edits)
			_, _, err := Parse(strings.NewReader(src), "t.yaml")
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			for _, p := range ve.Problems {
				if strings.HasPrefix(p.String(), tt.want) || (!strings.HasPrefix(tt.want, "t.yaml") && strings.Contains(p.String(), tt.want)) {
					return
				}
			}
			t.Errorf("no problem matching %q in:\n%v", tt.want, err)
		})
	}
}

func TestValidateNothingWatchedAndNoTargets(t *testing.T) {
	p, _ := loadValid(t)
	p.Watch = Watch{}
	p.Targets = nil
	err := Validate(p)
	for _, want := range []string{"watch: nothing is watched", "targets: missing: list at least one target"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want %q", err, want)
		}
	}
}

func TestValidateReportsAllProblemsAtOnce(t *testing.T) {
	src := applyEdits(t, readValid(t), []edit{
		{"region: eu-west-1", "region: Ireland"},
		{`"111122223333"`, `"1"`},
		{"cidr: 3.233.144.0/24", "cidr: 3.0.0.0/8"},
	})
	_, _, err := Parse(strings.NewReader(src), "t.yaml")
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 3 {
		t.Fatalf("want exactly 3 problems, got: %v", err)
	}
}
