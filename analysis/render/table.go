package render

import (
	"bufio"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// WriteTable writes rows as columns two spaces apart, left aligned except
// the columns whose index is in right (numbers), which are right aligned,
// and no line ends in blanks. text/tabwriter lays out the columns; it
// aligns every cell the same way (AlignRight is for the whole writer), so
// the cells of the right-aligned columns come to it already padded on the
// left to their column's width (in place, in rows). Cells are escaped, so
// a tab or newline in a value is text, not a cell or line break.
func WriteTable(w io.Writer, rows [][]string, right map[int]bool) error {
	for i := range right {
		padLeft(rows, i)
	}
	bw := bufio.NewWriter(w)
	tw := tabwriter.NewWriter(&trimWriter{w: bw}, 0, 0, 2, ' ', tabwriter.StripEscape)
	var line strings.Builder
	for _, r := range rows {
		line.Reset()
		for i, c := range r {
			if i > 0 {
				line.WriteByte('\t')
			}
			line.WriteByte(tabwriter.Escape)
			line.WriteString(c)
			line.WriteByte(tabwriter.Escape)
		}
		line.WriteByte('\n')
		if _, err := io.WriteString(tw, line.String()); err != nil {
			return err
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// padLeft pads column i of rows with blanks on the left to the width of
// its widest cell.
func padLeft(rows [][]string, i int) {
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r[i]))
	}
	for _, r := range rows {
		r[i] = strings.Repeat(" ", width-utf8.RuneCountInString(r[i])) + r[i]
	}
}

// trimWriter writes to w what is written to it, less the blanks at the end
// of each line (tabwriter pads a cell even when nothing follows it on its
// line). Errors surface when w is flushed.
type trimWriter struct {
	w      *bufio.Writer
	blanks int // blanks held back until something other than a newline follows
}

func (t *trimWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		switch c {
		case ' ':
			t.blanks++
			continue
		case '\n':
			t.blanks = 0
		}
		for ; t.blanks > 0; t.blanks-- {
			t.w.WriteByte(' ')
		}
		t.w.WriteByte(c)
	}
	return len(p), nil
}
