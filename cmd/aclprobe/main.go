// Command aclprobe finds out, safely and with evidence, which external
// service breaks when one destination IP is blocked in a staging network
// ACL. See the README for the story, the commands and the safety model.
package main

import (
	"context"
	"os"
	"syscall"

	"github.com/aclprobe/aclprobe/cmd/aclprobe/cli"
	// The standard logger (parquet-go's warnings) prints as aclprobe
	// warnings, from before parquet-go's own init.
	_ "github.com/aclprobe/aclprobe/internal/stdlog"
)

func main() {
	ctx, stop := cli.SignalContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	root := cli.NewRootCmd(cli.DefaultIO())
	code := cli.Execute(ctx, root)
	stop()
	os.Exit(code)
}
