package cli

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// logConfig is the logger the global --log-level and --log-format flags
// configure before any command runs; until then it discards.
type logConfig struct {
	Level  string
	Format string
	// explicit: --log-level was given on the command line.
	explicit bool
	log      *slog.Logger
}

// Logger returns the configured logger.
func (c *logConfig) Logger() *slog.Logger {
	if c.log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.log
}

// setup builds the logger writing to w from Level and Format.
func (c *logConfig) setup(w io.Writer) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.Level)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.Level)
	}
	h, err := c.handlerAt(w, level)
	if err != nil {
		return err
	}
	c.log = slog.New(h)
	return nil
}

// Handler is a handler of the configured format writing to w at the
// --log-level given on the command line, else at quiet.
func (c *logConfig) Handler(w io.Writer, quiet slog.Level) slog.Handler {
	level := quiet
	if c.explicit {
		if err := level.UnmarshalText([]byte(c.Level)); err != nil {
			level = quiet
		}
	}
	h, err := c.handlerAt(w, level)
	if err != nil {
		return slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})
	}
	return h
}

func (c *logConfig) handlerAt(w io.Writer, level slog.Level) (slog.Handler, error) {
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.Format) {
	case "text":
		return slog.NewTextHandler(w, opts), nil
	case "json":
		return slog.NewJSONHandler(w, opts), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", c.Format)
}
