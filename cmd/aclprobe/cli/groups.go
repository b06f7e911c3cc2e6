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

// strictHelp replaces cobra's help command, which prints the root's help
// with exit 0 for a topic that does not exist, with one that refuses it
// like an unknown command (exit 1, with a suggestion).
func strictHelp(root *cobra.Command) {
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help prints the help of any command: aclprobe help plan validate.",
		RunE: func(_ *cobra.Command, args []string) error {
			c, rest, err := root.Find(args)
			if err != nil {
				return unknownSubcommand(root, args)
			}
			if len(rest) > 0 {
				return unknownSubcommand(c, rest)
			}
			return c.Help()
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			c, _, err := root.Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	})
}
