package input

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/parquet-go/parquet-go"
)

// parquet reads a Parquet file as AWS delivers flow logs (one column per
// field, underscores in the names: pkt_srcaddr, log_status). Column types
// do not matter: numbers and strings both become the field's text, so
// files whose ports are strings read the same. A local file is read in
// place; any other stream is read into memory first, as Parquet needs
// random access.
func (sr *Reader) parquet(ctx context.Context, idx int, name string, r io.Reader, file *os.File) error {
	var ra io.ReaderAt
	var size int64
	if file != nil {
		st, err := file.Stat()
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		ra, size = file, st.Size()
	} else {
		b, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		ra, size = bytes.NewReader(b), int64(len(b))
	}
	pf, err := parquet.OpenFile(ra, size)
	if err != nil {
		return fmt.Errorf("read %s: parquet: %w", name, err)
	}
	format, err := parquetFormat(pf)
	if err != nil {
		return fmt.Errorf("read %s: parquet: %w", name, err)
	}
	w := sr.newLineWriter(ctx, idx, name, format)
	for _, rg := range pf.RowGroups() {
		if err := parquetRows(w, rg, len(format.Names)); err != nil {
			return fmt.Errorf("read %s: parquet: %w", name, err)
		}
	}
	return w.flush()
}

// parquetFormat names the fields after the file's leaf columns. A column
// whose name cannot be a field name (pandas' __index_level_0__) is kept
// as column-N.
func parquetFormat(pf *parquet.File) (*flowlog.Layout, error) {
	var names []string
	seen := map[string]bool{}
	for i, path := range pf.Schema().Columns() {
		n := strings.Trim(flowlog.NormalizeField(strings.Join(path, "-")), "-")
		if !flowlog.ValidName(n) || seen[n] {
			n = "column-" + strconv.Itoa(i+1)
		}
		seen[n] = true
		names = append(names, n)
	}
	return flowlog.NewLayout(names)
}

// parquetRows writes the rows of one row group as text lines.
func parquetRows(w *lineWriter, rg parquet.RowGroup, width int) error {
	rows := rg.Rows()
	defer rows.Close()
	batch := make([]parquet.Row, 128)
	vals := make([][]byte, width)
	for {
		n, err := rows.ReadRows(batch)
		for _, row := range batch[:n] {
			if err := parquetLine(w, row, vals); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// parquetLine writes one row; a null or missing column is "-".
func parquetLine(w *lineWriter, row parquet.Row, vals [][]byte) error {
	for i := range vals {
		vals[i] = vals[i][:0]
	}
	for _, v := range row {
		c := v.Column()
		if c < 0 || c >= len(vals) || v.IsNull() {
			continue
		}
		vals[c] = appendParquetValue(vals[c][:0], v)
	}
	buf, err := w.begin()
	if err != nil {
		return err
	}
	for i, v := range vals {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = appendValue(buf, v)
	}
	return w.end(buf)
}

func appendParquetValue(b []byte, v parquet.Value) []byte {
	switch v.Kind() {
	case parquet.Int32:
		return strconv.AppendInt(b, int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case parquet.ByteArray, parquet.FixedLenByteArray:
		if s := v.ByteArray(); !pandasNull(s) {
			return append(b, s...)
		}
		return b
	default:
		return append(b, v.String()...)
	}
}

// pandasNull reports the texts that pandas writes for a missing value in
// a string column (None, nan): they read as absent, like a null.
func pandasNull(s []byte) bool {
	switch string(s) {
	case "None", "nan", "NaN":
		return true
	}
	return false
}
