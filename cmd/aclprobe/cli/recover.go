package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/acl"
)

// RecoverOptions are the inputs of `aclprobe recover`: its flags and what
// it uses.
type RecoverOptions struct {
	IO  *IO
	Log func() *slog.Logger
	AWS *AWSConfig
	EC2 func(context.Context) (acl.EC2API, error)

	ACL     string
	Journal string
	Force   bool
	DryRun  bool
}

// NewCmdRecover builds `aclprobe recover` on f. runF, when not nil, is
// called with the parsed and validated options instead of recovering.
func NewCmdRecover(f *Factory, runF func(*RecoverOptions) error) *cobra.Command {
	o := &RecoverOptions{IO: f.IOStreams, Log: f.Logger, AWS: f.AWS, EC2: f.EC2}
	cmd := &cobra.Command{
		Use:   "recover",
		Short: "Remove what a killed run left behind (entries and lease)",
		Long: `Recover removes exactly the deny entries aclprobe created and did not remove
(a run killed with kill -9, a crash, a lost connection): those its journal
records as created and not verified gone, and the one the ACL's lease tag
records. Each is removed only if the ACL still holds that exact entry (rule
number, direction, protocol, CIDR, deny); anything else is never touched.
Then the lease tag is released. With --journal, a live lease of another run
(and that run's entry) is left alone. Running it again changes nothing.

A lease that has not expired may belong to a run that is still going: recover
then refuses (exit 1, nothing changed) and says which run holds it (owner,
started, expires, the entry in place); so does a lease tag it cannot read,
unless --force says that run is dead
(kill -9, a crash, a lost host) or the journal given is that run's and records
its end. --dry-run shows what recover would remove and changes nothing.

Exit codes: 0 done (or nothing to do), 1 error or refused, 4 an entry could
not be removed (the command that removes it is printed).`,
		Example: `  aclprobe recover --acl acl-0abc --region eu-west-1 --dry-run   # what would be removed
  aclprobe recover --acl acl-0abc --region eu-west-1
  aclprobe recover --acl acl-0abc --region eu-west-1 --force     # the lease's run is dead
  aclprobe recover --journal runs/20261121T200000Z-nat/journal.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.ACL == "" && o.Journal == "" {
				return WithCode(ExitFailure, errors.New("recover: pass --acl ID, --journal FILE or both"))
			}
			if runF != nil {
				return runF(o)
			}
			return runRecover(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.ACL, "acl", "", "network ACL id (default: the journal's)")
	cmd.Flags().StringVar(&o.Journal, "journal", "", "journal.jsonl of the killed run")
	cmd.Flags().BoolVar(&o.Force, "force", false, "recover although the lease has not expired (its run is known to be dead)")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "show what would be removed and released; change nothing")
	return cmd
}

// runRecover undoes what a killed run left and prints what it did.
func runRecover(ctx context.Context, o *RecoverOptions) error {
	var recs []acl.JournalRecord
	if o.Journal != "" {
		var err error
		if recs, err = acl.LoadJournal(o.Journal); err != nil {
			return WithCode(ExitFailure, err)
		}
		if err := journalTarget(recs, o); err != nil {
			return WithCode(ExitFailure, err)
		}
	}
	ec2c, err := o.EC2(ctx)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	region, err := o.AWS.region(ctx)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	ops := &acl.Ops{API: ec2c, Region: region, Log: o.Log()}
	if o.DryRun {
		return previewRecover(ctx, o, ops, recs, region)
	}
	if err := checkRecoverLease(ctx, o, ec2c, recs, region); err != nil {
		return WithCode(ExitFailure, explainErr(o.Log(), err))
	}
	var j *acl.Journal
	if o.Journal != "" {
		if j, err = acl.OpenJournal(o.Journal, runIDOf(recs), region, nil); err != nil {
			return WithCode(ExitFailure, err)
		}
		defer j.Close()
	}
	rep, err := ops.Recover(ctx, o.ACL, recs, j)
	for _, a := range rep.Actions {
		fmt.Fprintf(o.IO.Out, "%-22s %s\n", a.Result, a.Detail)
	}
	if err == nil {
		return nil
	}
	err = explainErr(o.Log(), err)
	var ue *acl.UndoError
	if errors.As(err, &ue) {
		return WithCode(ExitRollback, fmt.Errorf("recover: an entry could not be removed; remove it with:\n  %s\n(%w)", ue.Command, err))
	}
	return WithCode(ExitFailure, err)
}

// journalTarget fills --acl and --region from the journal and refuses a
// contradiction.
func journalTarget(recs []acl.JournalRecord, o *RecoverOptions) error {
	for _, r := range recs {
		if r.ACL != "" && o.ACL == "" {
			o.ACL = r.ACL
		}
		if r.ACL != "" && r.ACL != o.ACL {
			return fmt.Errorf("recover: journal %s is about %s, not --acl %s", o.Journal, r.ACL, o.ACL)
		}
		switch {
		case r.Region == "":
		case o.AWS.Region == "":
			o.AWS.Region = r.Region
		case o.AWS.Region != r.Region:
			return fmt.Errorf("recover: journal %s is about region %s, not --region %s", o.Journal, r.Region, o.AWS.Region)
		}
	}
	if o.ACL == "" {
		return fmt.Errorf("recover: journal %s names no network ACL; pass --acl", o.Journal)
	}
	return nil
}

func runIDOf(recs []acl.JournalRecord) string {
	for _, r := range recs {
		if r.RunID != "" {
			return r.RunID
		}
	}
	return "recover"
}
