package plan

import (
	"fmt"
	"strings"
)

// SplitArgv splits a command line into arguments the way a POSIX shell
// splits words, without running a shell: whitespace separates words,
// single quotes keep everything literally, double quotes keep everything
// but \" \\ \$ \` escapes, and a backslash outside quotes escapes the next
// character. Variables, globs, braces, tildes, comments and operators are
// not interpreted: "$HOME", "*.go", "#" and "|" are words like any other.
//
// The libraries that split shell words differ from this on purpose or by
// accident: mvdan.cc/sh/v3/shell.Fields expands variables and braces and
// rejects operators, github.com/google/shlex (unmaintained) drops a "\d"
// backslash inside double quotes and everything after a "#", and
// github.com/mattn/go-shellwords also drops that backslash and silently
// stops at the first "|" or ";".
func SplitArgv(s string) ([]string, error) {
	var (
		args    []string
		cur     strings.Builder
		inWord  bool
		quote   rune // 0, '\'' or '"'
		escaped bool
	)
	for _, r := range s {
		switch {
		case escaped:
			if quote == '"' && !strings.ContainsRune("\"\\$`", r) {
				cur.WriteRune('\\')
			}
			cur.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '\\':
				escaped = true
			default:
				cur.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if escaped {
		return nil, fmt.Errorf("command %q ends with a lone backslash", s)
	}
	if quote != 0 {
		return nil, fmt.Errorf("command %q has an unterminated %c quote", s, quote)
	}
	if inWord {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return args, nil
}
