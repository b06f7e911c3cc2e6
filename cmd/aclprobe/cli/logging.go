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
	log    *slog.Logger
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
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.Format) {
	case "text":
		c.log = slog.New(slog.NewTextHandler(w, opts))
	case "json":
		c.log = slog.New(slog.NewJSONHandler(w, opts))
	default:
		return fmt.Errorf("--log-format %q: want text or json", c.Format)
	}
	return nil
}
