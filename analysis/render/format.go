package render

import (
	"fmt"
	"io"
	"strings"
)

// Formats are the output formats every data command accepts (analyze,
// impact, compare): what Writers.Write accepts, and what --format takes.
var Formats = []string{"table", "csv", "json"}

// Writers are the writers of one kind of value, one for each of Formats.
type Writers[T any] struct {
	Table, CSV, JSON func(io.Writer, T) error
}

// Write writes v to w as format: "table" (also for ""), "csv" or "json".
// Any other format is an error naming Formats, and nothing is written.
func (ws Writers[T]) Write(w io.Writer, v T, format string) error {
	switch format {
	case "table", "":
		return ws.Table(w, v)
	case "csv":
		return ws.CSV(w, v)
	case "json":
		return ws.JSON(w, v)
	}
	return fmt.Errorf("format %q: want %s", format, strings.Join(Formats, ", "))
}
