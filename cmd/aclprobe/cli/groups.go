package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// strictGroups makes every command group in the tree under c (c included)
// refuse an unknown subcommand with exit 1 and a suggestion. Cobra checks
// only the root's arguments and prints help with exit 0 for a typo in a
// nested group, so `aclprobe plan valdiate p.yaml && aclprobe run ...` would
// go ahead. A group called without arguments still prints its help.
func strictGroups(c *cobra.Command) {
	for _, sub := range c.Commands() {
		strictGroups(sub)
	}
	if !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = unknownSubcommand
	c.SuggestionsMinimumDistance = 2 // cobra's default, which SuggestionsFor does not apply
	c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
}

// unknownSubcommand is the Args check of a command group: any argument is
// a subcommand that does not exist.
func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		last := len(s) - 1
		if last > 0 {
			s = append(s[:last-1], s[last-1]+" or "+s[last])
		}
		msg += "; did you mean " + strings.Join(s, ", ") + "?"
	}
	return WithCode(ExitFailure, fmt.Errorf("%s (see '%s --help')", msg, cmd.CommandPath()))
}
