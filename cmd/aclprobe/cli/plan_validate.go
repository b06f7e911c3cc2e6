package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/plan"
)

// PlanValidateOptions are the inputs of `plan validate`.
type PlanValidateOptions struct {
	IO    *IO
	Files []string
}

// NewCmdPlanValidate builds `plan validate` on f. runF, when not nil, is
// called with the parsed options instead of validating.
func NewCmdPlanValidate(f *Factory, runF func(*PlanValidateOptions) error) *cobra.Command {
	opts := &PlanValidateOptions{IO: f.IOStreams}
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Validate plan files strictly and report every problem",
		Long: `Validate decodes each plan strictly (unknown keys are errors), applies the
defaults and runs every semantic check. It prints "FILE: ok" for each good
plan on stdout and every problem as FILE:LINE:COL: message on stderr, and
exits 1 when any plan is bad. It needs no AWS access.`,
		Example: "  aclprobe plan validate plans/*.yaml",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return runPlanValidate(cmd.Context(), opts)
		},
	}
}

// runPlanValidate validates every file and reports them all before failing.
func runPlanValidate(_ context.Context, opts *PlanValidateOptions) error {
	bad := 0
	for _, f := range opts.Files {
		_, _, err := plan.Load(f)
		if err == nil {
			fmt.Fprintf(opts.IO.Out, "%s: ok\n", f)
			continue
		}
		bad++
		var ve *plan.ValidationError
		if !errors.As(err, &ve) {
			fmt.Fprintf(opts.IO.ErrOut, "%v\n", err)
			continue
		}
		for _, p := range ve.Problems {
			fmt.Fprintln(opts.IO.ErrOut, p.String())
		}
	}
	if bad > 0 {
		return WithCode(ExitFailure, fmt.Errorf("%d of %d plan file(s) invalid", bad, len(opts.Files)))
	}
	return nil
}
