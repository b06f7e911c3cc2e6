package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// flowLogSuffixes are the file names a directory walk picks up. A file
// named on the command line is read whatever its name.
var flowLogSuffixes = []string{".log", ".log.gz", ".gz", ".parquet", ".json"}

// ExpandLocal turns command-line paths into Sources: "-" is stdin (once),
// a directory is walked recursively for flow log files (.log, .log.gz,
// .gz, .parquet, .json; hidden entries skipped), a pattern with *, ?
// or [ is a glob, anything else is a file. A path that does not exist, a
// glob that matches nothing and a directory without flow log files are
// errors. Sources keep the order of the paths; a directory's files are
// sorted.
func ExpandLocal(paths []string, stdin io.Reader) ([]Source, error) {
	var out []Source
	usedStdin := false
	for _, p := range paths {
		switch {
		case p == "-":
			if usedStdin {
				return nil, fmt.Errorf("stdin (-) given twice")
			}
			usedStdin = true
			out = append(out, stdinSource(stdin))
		case strings.ContainsAny(p, "*?["):
			matches, err := filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("pattern %q: %w", p, err)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("pattern %q matches no file", p)
			}
			for _, m := range matches {
				srcs, err := expandPath(m, false)
				if err != nil {
					return nil, err
				}
				out = append(out, srcs...)
			}
		default:
			srcs, err := expandPath(p, true)
			if err != nil {
				return nil, err
			}
			out = append(out, srcs...)
		}
	}
	return out, nil
}

// expandPath returns the file p, or the flow log files under directory p.
func expandPath(p string, named bool) ([]Source, error) {
	out, err := Walk(p, flowLogSuffixes)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if err != nil {
		return nil, fmt.Errorf("walk %s: %w", p, err)
	}
	if len(out) == 0 && named {
		return nil, fmt.Errorf("%s: no flow log files (%s) in this directory", p, strings.Join(flowLogSuffixes, ", "))
	}
	return out, nil
}

// ErrNotFound is Walk's error for a path that does not exist.
var ErrNotFound = errors.New("no such file or directory")

// Walk returns the file p whatever its name, or the regular files under
// directory p (recursively, hidden entries skipped) whose lower-cased
// names end in one of suffixes, sorted by name. A missing p is
// ErrNotFound; a directory without such files is no error.
func Walk(p string, suffixes []string) ([]Source, error) {
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []Source{fileSource(p, st.Size())}, nil
	}
	var out []Source
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || !hasSuffix(d.Name(), suffixes) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fileSource(path, info.Size()))
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Source) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func hasSuffix(name string, suffixes []string) bool {
	name = strings.ToLower(name)
	return slices.ContainsFunc(suffixes, func(s string) bool { return strings.HasSuffix(name, s) })
}

// fileSource is a local file.
func fileSource(path string, size int64) Source {
	return Source{Name: path, Size: size, Open: func(context.Context) (io.ReadCloser, error) {
		return os.Open(path)
	}}
}

// stdinSource reads r (the process's stdin), which can be read once.
func stdinSource(r io.Reader) Source {
	return Source{Name: "-", Size: -1, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(r), nil
	}}
}
