package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// notBuilt is the RunE of a command whose implementation has not landed:
// it says so plainly and fails (exit 1) rather than pretending to work.
func notBuilt(cmd *cobra.Command, _ []string) error {
	return fmt.Errorf("%s: %w", cmd.CommandPath(), ErrNotBuilt)
}
