package dnslog

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis/s3src"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// Suffixes are the file names a directory walk picks up as query logs.
// A file named on the command line is read whatever its name.
var Suffixes = []string{".log", ".log.gz", ".gz", ".json", ".jsonl", ".jsonl.gz"}

// Sources expands --dns-logs values in order: s3://bucket/prefix through
// client (built only when an S3 value is given), a pattern with *, ? or [
// as a glob, a directory walked recursively for Suffixes (hidden entries
// skipped), anything else as a file. Stdin is not a query log source (the
// flow logs may be reading it). A path that does not exist, a glob that
// matches nothing and an empty directory or prefix are errors.
func Sources(ctx context.Context, values []string, client func(context.Context) (s3src.API, error)) ([]source.Source, error) {
	var out []source.Source
	for _, v := range values {
		srcs, err := expandOne(ctx, v, client)
		if err != nil {
			return nil, fmt.Errorf("--dns-logs %s: %w", v, err)
		}
		out = append(out, srcs...)
	}
	return out, nil
}

func expandOne(ctx context.Context, v string, client func(context.Context) (s3src.API, error)) ([]source.Source, error) {
	switch {
	case v == "-":
		return nil, errors.New("stdin is not supported for query logs: give files, directories, globs or s3://bucket/prefix")
	case strings.HasPrefix(v, "s3://"):
		c, err := client(ctx)
		if err != nil {
			return nil, err
		}
		srcs, err := s3src.List(ctx, c, v, time.Time{}, time.Time{})
		if err == nil && len(srcs) == 0 {
			err = errors.New("no objects")
		}
		return srcs, err
	case strings.ContainsAny(v, "*?["):
		matches, err := filepath.Glob(v)
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, errors.New("the pattern matches no file")
		}
		var out []source.Source
		for _, m := range matches {
			srcs, err := walk(m)
			if err != nil {
				return nil, err
			}
			out = append(out, srcs...)
		}
		return out, nil
	}
	srcs, err := walk(v)
	if err == nil && len(srcs) == 0 {
		err = fmt.Errorf("no query log files (%s) in this directory", strings.Join(Suffixes, ", "))
	}
	return srcs, err
}

// walk returns the file p, or the query log files under directory p.
func walk(p string) ([]source.Source, error) {
	return source.Walk(p, Suffixes)
}
