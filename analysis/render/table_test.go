package render

import (
	"bytes"
	"testing"
)

func TestWriteAligned(t *testing.T) {
	tests := []struct {
		name  string
		rows  [][]string
		right map[int]bool
		want  string
	}{
		{
			name:  "left, right, left",
			rows:  [][]string{{"NAME", "FLOWS", "NOTE"}, {"a", "7", "x"}, {"bbbbbb", "12345", "yy"}},
			right: map[int]bool{1: true},
			want:  "NAME    FLOWS  NOTE\na           7  x\nbbbbbb  12345  yy\n",
		},
		{
			name:  "right-aligned last column",
			rows:  [][]string{{"k", "bytes"}, {"long key", "1"}},
			right: map[int]bool{1: true},
			want:  "k         bytes\nlong key      1\n",
		},
		{
			name: "empty cells leave no trailing blanks",
			rows: [][]string{{"A", "B", "C"}, {"1", "", ""}, {"", "", "3"}},
			want: "A  B  C\n1\n      3\n",
		},
		{
			name: "a tab or newline in a value is text",
			rows: [][]string{{"A", "B"}, {"x\ty", "z"}},
			want: "A    B\nx\ty  z\n",
		},
		{
			name:  "width counts characters, not bytes",
			rows:  [][]string{{"SERVICE", "N"}, {"café", "1"}, {"x", "10"}},
			right: map[int]bool{1: true},
			want:  "SERVICE   N\ncafé      1\nx        10\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTable(&buf, tc.rows, tc.right); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got\n%q\nwant\n%q", buf.String(), tc.want)
			}
		})
	}
}
