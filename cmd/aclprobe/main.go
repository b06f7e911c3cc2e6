// Command aclprobe finds out, safely and with evidence, which external
// service breaks when one destination IP is blocked in a staging network
// ACL. See the README for the story, the commands and the safety model.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/aclprobe/aclprobe/cmd/aclprobe/cli"
	// The standard logger (parquet-go's warnings) prints as aclprobe
	// warnings, from before parquet-go's own init.
	_ "github.com/aclprobe/aclprobe/internal/stdlog"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := cli.NewRootCmd(cli.DefaultIO())
	os.Exit(cli.Execute(ctx, root))
}
