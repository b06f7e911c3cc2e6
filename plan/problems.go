package plan

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a plan. Path names the offending key in
// the plan ("targets[2].cidr"); Line and Column locate it in the file when
// the plan was parsed from YAML (0 when unknown, e.g. for generated plans).
type Problem struct {
	File    string
	Line    int
	Column  int
	Path    string
	Message string
}

// String formats the problem as FILE:LINE:COL: path: message, leaving out
// the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", p.Line, p.Column)
		}
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError lists every problem found in one plan. Parse, Load and
// Validate return it (as error) whenever a plan is not usable.
type ValidationError struct {
	File     string
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	lines := make([]string, 0, len(e.Problems)+1)
	name := e.File
	if name == "" {
		name = "plan"
	}
	lines = append(lines, fmt.Sprintf("%s: %d problem(s)", name, len(e.Problems)))
	for _, p := range e.Problems {
		lines = append(lines, "  "+p.String())
	}
	return strings.Join(lines, "\n")
}

// problems collects Problems while a plan is checked.
type problems struct {
	list []Problem
}

// add records a problem at path.
func (ps *problems) add(path, format string, args ...any) {
	ps.list = append(ps.list, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// err returns a *ValidationError when problems were found, else nil.
func (ps *problems) err(file string) error {
	if len(ps.list) == 0 {
		return nil
	}
	for i := range ps.list {
		ps.list[i].File = file
	}
	return &ValidationError{File: file, Problems: ps.list}
}
