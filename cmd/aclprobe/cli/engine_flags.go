package cli

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/aclprobe/aclprobe/analysis"
)

// engineOptions selects where an analysis runs. The local engine reads
// files and S3 objects on this machine; other engines register here.
type engineOptions struct {
	Name string // local (default) or athena
}

// addEngineFlags binds the engine flags shared by analyze, impact and
// plan generate.
func addEngineFlags(fs *pflag.FlagSet, o *engineOptions) {
	fs.StringVar(&o.Name, "engine", "local", "where to run the query: local")
}

// build returns the engine o selects; local builds the local engine from
// the command's sources and is only called when the local engine is chosen.
func (o *engineOptions) build(ctx context.Context, app *App, local func(context.Context) (analysis.Engine, error)) (analysis.Engine, error) {
	switch o.Name {
	case "", "local":
		return local(ctx)
	default:
		return nil, fmt.Errorf("--engine %q: want local", o.Name)
	}
}
