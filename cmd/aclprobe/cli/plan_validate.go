package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/plan"
)

// planValidateOptions are the inputs of `plan validate`.
type planValidateOptions struct {
	Files []string
}

func newPlanValidateCmd(app *App) *cobra.Command {
	opts := &planValidateOptions{}
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
			return runPlanValidate(cmd.Context(), app, opts)
		},
	}
}

// runPlanValidate validates every file and reports them all before failing.
func runPlanValidate(_ context.Context, app *App, opts *planValidateOptions) error {
	bad := 0
	for _, f := range opts.Files {
		_, _, err := plan.Load(f)
		if err == nil {
			fmt.Fprintf(app.IO.Out, "%s: ok\n", f)
			continue
		}
		bad++
		var ve *plan.ValidationError
		if !errors.As(err, &ve) {
			fmt.Fprintf(app.IO.ErrOut, "%v\n", err)
			continue
		}
		for _, p := range ve.Problems {
			fmt.Fprintln(app.IO.ErrOut, p.String())
		}
	}
	if bad > 0 {
		return WithCode(ExitFailure, fmt.Errorf("%d of %d plan file(s) invalid", bad, len(opts.Files)))
	}
	return nil
}
