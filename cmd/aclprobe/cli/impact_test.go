package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// natgwLog is a NAT gateway's traffic in a version 5 custom format: the
// instance-side interface (dstaddr is the NAT's private IP, pkt-dstaddr
// the real peer) and the public-side interface (srcaddr is the NAT,
// pkt-srcaddr the instance), plus NODATA and SKIPDATA records.
const natgwLog = `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status pkt-srcaddr pkt-dstaddr
5 111122223333 eni-0a1b2c3d4e5f60001 10.0.1.5 10.0.100.10 40001 443 6 10 8400 1763625600 1763625660 ACCEPT OK 10.0.1.5 198.51.100.7
5 111122223333 eni-0a1b2c3d4e5f60001 10.0.1.5 10.0.100.10 40002 443 6 12 9100 1763629200 1763629260 ACCEPT OK 10.0.1.5 203.0.113.9
5 111122223333 eni-0a1b2c3d4e5f60001 10.0.1.6 10.0.100.10 40003 53 17 1 76 1763632800 1763632860 ACCEPT OK 10.0.1.6 198.51.100.53
5 111122223333 eni-0a1b2c3d4e5f60002 10.0.100.10 198.51.100.7 40004 443 6 10 8400 1763625600 1763625660 ACCEPT OK 10.0.1.5 198.51.100.7
5 111122223333 eni-0a1b2c3d4e5f60002 - - - - - - - 1763636400 1763636460 - NODATA - -
5 111122223333 eni-0a1b2c3d4e5f60002 - - - - - - - 1763636400 1763636460 - SKIPDATA - -
`

// defaultLog is the 14-field default format: no pkt-* fields, so the
// endpoints are srcaddr and dstaddr.
const defaultLog = `2 111122223333 eni-0c3d4e5f6a7b80003 10.0.2.8 192.0.2.44 40100 8443 6 4 900 1763640000 1763640060 ACCEPT OK
2 111122223333 eni-0c3d4e5f6a7b80003 10.0.2.8 10.0.2.9 40101 5432 6 4 900 1763640000 1763640060 ACCEPT OK
`

func impactFixtures(t *testing.T) (natgw, plain string) {
	t.Helper()
	dir := t.TempDir()
	natgw, plain = filepath.Join(dir, "natgw.log"), filepath.Join(dir, "default.log")
	for path, body := range map[string]string{natgw: natgwLog, plain: defaultLog} {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return natgw, plain
}

// impactTestDeps are flow log dependencies writing to buffers.
func impactTestDeps() (flowLogDeps, *bytes.Buffer, *bytes.Buffer) {
	f, out, errOut := testFactory()
	return newFlowLogDeps(f), out, errOut
}

func TestRunImpact(t *testing.T) {
	natgw, plain := impactFixtures(t)
	tests := []struct {
		name      string
		sources   []string
		block     []string
		except    []string
		format    string
		wantCode  int // 0 or ExitFinding
		wantOut   []string
		wantNot   []string
		wantErrIO []string
	}{
		{
			name: "payment path: the block cuts two peers", sources: []string{natgw},
			block: []string{"0.0.0.0/0"}, except: []string{"10.0.0.0/8", "203.0.113.0/24"},
			wantCode: ExitFinding,
			wantOut: []string{
				"10.0.1.5  198.51.100.7   443/tcp  dst          2       20  16800",
				"eni-0a1b2c3d4e5f60001,eni-0a1b2c3d4e5f60002",
				"10.0.1.6  198.51.100.53  53/udp",
			},
			wantNot:   []string{"203.0.113.9", "10.0.100.10"},
			wantErrIO: []string{"verdict: blocking 0.0.0.0/0 except 10.0.0.0/8,203.0.113.0/24 would cut observed traffic: 2 address pairs and ports, 3 flow log records"},
		},
		{
			name: "nothing observed is exit 0 with the evidence", sources: []string{natgw, plain},
			block:   []string{"192.0.2.128/25"},
			wantOut: []string{"No observed flow would be cut."},
			wantErrIO: []string{"evidence: 2 files, 6 records", "NODATA 1, SKIPDATA 1", "warning: 1 SKIPDATA",
				"169.254.169.254", "169.254.169.123", "169.254.169.253", `"nothing observed" is evidence, not proof`,
				"verdict: blocking 192.0.2.128/25 would cut no observed flow"},
		},
		{
			name: "pkt-* addresses are the endpoints, not the NAT's", sources: []string{natgw},
			block:   []string{"10.0.100.10/32"},
			wantOut: []string{"No observed flow would be cut."},
		},
		{
			name: "srcaddr/dstaddr when the format has no pkt-*", sources: []string{natgw, plain},
			block: []string{"192.0.2.0/24"}, format: "csv",
			wantCode: ExitFinding,
			wantOut: []string{
				"src-endpoint,dst-endpoint,dstport,protocol,blocked,flows,packets,bytes,first,last,interfaces\n" +
					"10.0.2.8,192.0.2.44,8443,6,dst,1,4,900,2025-11-20T12:00:00Z,2025-11-20T12:01:00Z,eni-0c3d4e5f6a7b80003\n",
			},
		},
		{
			name: "blocked source side, as json", sources: []string{natgw},
			block: []string{"10.0.1.6/32"}, format: "json",
			wantCode: ExitFinding,
			wantOut:  []string{`"src": "10.0.1.6"`, `"blocked": "src"`, `"caveat": "flow logs never record`, `"skipdata": 1`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			deps, out, errOut := impactTestDeps()
			o := &ImpactOptions{flowLogDeps: deps, Block: tc.block, Except: tc.except, Format: tc.format}
			if o.Format == "" {
				o.Format = "table"
			}
			o.Sources, o.Sort = tc.sources, "flows"
			err := runImpact(context.Background(), o)
			code := 0
			var ee *ExitError
			if errors.As(err, &ee) {
				code = ee.Code
			} else if err != nil {
				t.Fatalf("runImpact: %v\nstderr:\n%s", err, errOut)
			}
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d", code, tc.wantCode)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(out.String(), w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
			for _, w := range append(tc.wantErrIO, "evidence:", "caveat:") {
				if !strings.Contains(errOut.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestRunImpactInvalid(t *testing.T) {
	natgw, _ := impactFixtures(t)
	tests := []struct {
		name   string
		opts   ImpactOptions
		wantIn []string
	}{
		{name: "no block", opts: ImpactOptions{Format: "table"}, wantIn: []string{"--block is required"}},
		{
			name: "every bad cidr at once", opts: ImpactOptions{Block: []string{"10.0.1.5/16", "payments"}, Except: []string{"203.0.113.7"}, Format: "table"},
			wantIn: []string{"did you mean 10.0.0.0/16?", `"payments": not a CIDR`, "did you mean 203.0.113.7/32?"},
		},
		{name: "format", opts: ImpactOptions{Block: []string{"0.0.0.0/0"}, Format: "yaml"}, wantIn: []string{`--format "yaml": want table, csv, json`}},
		{name: "no sources", opts: ImpactOptions{Block: []string{"0.0.0.0/0"}, Format: "table"}, wantIn: []string{"no flow log sources"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			deps, out, _ := impactTestDeps()
			o := tc.opts
			o.flowLogDeps = deps
			o.Sort = "flows"
			if tc.name != "no sources" {
				o.Sources = []string{natgw}
			}
			err := runImpact(context.Background(), &o)
			var ee *ExitError
			if err == nil || errors.As(err, &ee) {
				t.Fatalf("got %v, want a plain error (exit 1)", err)
			}
			for _, w := range tc.wantIn {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if out.Len() > 0 {
				t.Errorf("stdout not empty on error:\n%s", out)
			}
		})
	}
}

// TestImpactCommand runs the command line end to end, exit code included.
func TestImpactCommand(t *testing.T) {
	natgw, _ := impactFixtures(t)
	dir := t.TempDir()
	ranges := filepath.Join(dir, "ip-ranges.json")
	err := os.WriteFile(ranges, []byte(`{"prefixes":[
		{"ip_prefix":"198.51.100.0/24","region":"eu-west-1","service":"AMAZON"},
		{"ip_prefix":"198.51.100.0/27","region":"eu-west-1","service":"S3"}]}`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{
			name:     "finding is exit 3, labelled",
			args:     []string{"impact", natgw, "--block", "0.0.0.0/0", "--except", "10.0.0.0/8,203.0.113.0/24", "--identify", "--ip-ranges", ranges},
			wantCode: ExitFinding,
			wantOut:  []string{"SERVICE", "S3 (eu-west-1)", "ip-ranges", "AMAZON (eu-west-1)"},
			wantErr:  "verdict:",
		},
		{name: "nothing is exit 0", args: []string{"impact", natgw, "--block", "192.0.2.0/24"}, wantOut: []string{"No observed flow"}, wantErr: "caveat:"},
		{name: "ranking flags are refused", args: []string{"impact", natgw, "--block", "0.0.0.0/0", "--top", "5"}, wantCode: ExitFailure, wantErr: "--top does not apply to impact"},
		{name: "block is required", args: []string{"impact", natgw}, wantCode: ExitFailure, wantErr: "--block is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			root := NewRootCmd(&IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
			root.SetArgs(tc.args)
			if code := Execute(context.Background(), root); code != tc.wantCode {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, tc.wantCode, errOut.String())
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, out.String())
				}
			}
			if !strings.Contains(errOut.String(), tc.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tc.wantErr, errOut.String())
			}
		})
	}
}
