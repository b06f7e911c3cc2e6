package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/run"
)

func TestUndoNoticeSecondSignal(t *testing.T) {
	var buf bytes.Buffer
	u := newUndoNotice(&buf, "acl-0abc", "eu-west-1")
	u.notice(os.Interrupt)
	if !strings.Contains(buf.String(), "stopping; the deny entry in place (if any) is removed before exit") {
		t.Fatalf("first signal: %q", buf.String())
	}
	buf.Reset()
	u.set("removing deny entry 90 egress deny all 203.0.113.7/32 from acl-0abc (run ending: interrupted)")
	u.notice(os.Interrupt)
	got := buf.String()
	for _, want := range []string{"NOT skipping the undo", "removing deny entry 90 egress deny all 203.0.113.7/32",
		"aclprobe recover --acl acl-0abc --region eu-west-1"} {
		if !strings.Contains(got, want) {
			t.Fatalf("second signal says %q, want %q in it", got, want)
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	left := &run.Results{Leftovers: []run.Leftover{{Kind: run.LeftoverDenyEntry, ACL: "acl-0abc", RuleNumber: 90, Egress: true, CIDR: "203.0.113.7/32",
		Command: "aws ec2 delete-network-acl-entry --region eu-west-1 --network-acl-id acl-0abc --rule-number 90 --egress"}}}
	exp := time.Date(2026, 11, 21, 21, 0, 0, 0, time.UTC)
	lease := &run.Results{Outcome: run.OutcomeCompleted, Leftovers: []run.Leftover{{Kind: run.LeftoverLeaseTag, ACL: "acl-0abc", Tag: "aclprobe:lease",
		Expires: &exp, Command: "aclprobe recover --acl acl-0abc --region eu-west-1"}}}
	tests := []struct {
		name string
		sig  syscall.Signal // the run context's cause; 0: none
		res  *run.Results
		err  error
		want int
	}{
		{"completed, whatever the verdicts", 0, &run.Results{Outcome: run.OutcomeCompleted}, nil, ExitOK},
		{"SIGINT after rollback", syscall.SIGINT, &run.Results{}, run.ErrInterrupted, 130},
		{"SIGTERM after rollback", syscall.SIGTERM, &run.Results{}, run.ErrInterrupted, 143},
		{"SIGHUP after rollback", syscall.SIGHUP, &run.Results{}, run.ErrInterrupted, 129},
		{"panic after rollback", 0, &run.Results{}, fmt.Errorf("%w: probe bug", run.ErrPanic), ExitCrash},
		{"stopped after rollback", 0, &run.Results{}, run.ErrStopped, ExitFailure},
		{"refused by preflight", 0, &run.Results{}, run.ErrPreflight, ExitFailure},
		{"failed before results", 0, nil, errors.New("boom"), ExitFailure},
		{"undo failed", 0, left, run.ErrLeftover, ExitRollback},
		{"undo failed while interrupted", 0, left, errors.Join(run.ErrInterrupted, run.ErrLeftover), ExitRollback},
		{"completed but the lease tag was not released", 0, lease, run.ErrLeftover, ExitRollback},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			if tc.sig != 0 {
				cancel(&SignalError{Signal: tc.sig})
			}
			defer cancel(nil)
			err := runExit(ctx, tc.res, tc.err)
			var buf bytes.Buffer
			if got := exitCode(context.Background(), err, &buf); got != tc.want {
				t.Fatalf("exit %d, want %d (%v)", got, tc.want, err)
			}
			if tc.want != ExitRollback {
				return
			}
			if l := tc.res.Leftovers[0]; !strings.Contains(buf.String(), "\n  "+l.Command+"   # "+l.Describe()) {
				t.Fatalf("exit 4 message %q lacks the command and what it removes", buf.String())
			}
		})
	}
}
