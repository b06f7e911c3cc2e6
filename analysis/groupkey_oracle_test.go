package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// FuzzGroupRowsOracle runs a two-field grouping over generated records
// whose values mix canonical and look-alike IPv4 text, absent values and
// values around the 255-byte limit, in memory and spilled, with several
// --top values, and compares the rows with a map-based oracle that groups
// and orders by text (absent last).
func FuzzGroupRowsOracle(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21})
	f.Add([]byte("\x00\x01\x02\x00\x01\x02\x03\x03\x04\x05\x06\x07\x10\x11\x12\x13"))
	pool := []string{"-", "10.0.0.1", "9.0.0.1", "010.0.0.1", "10.0.0.01", "0.0.0.0", "255.255.255.255", "256.0.0.1",
		"1.2.3", "1.2.3.4.5", "1.2.3.4x", "a", "10.0.0.1.", ".10.0.0.1", "1.1.1.1", "100.0.0.1", "10.0.0.10",
		strings.Repeat("x", 253), strings.Repeat("x", 254), strings.Repeat("x", 255), strings.Repeat("y", 256), "10.0.0.", "1..2.3"}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 600 {
			return
		}
		var in strings.Builder
		in.WriteString("srcaddr dstaddr bytes\n")
		type agg struct {
			k    [2]string
			n, b int64
		}
		groups := map[[2]string]*agg{}
		for i := 0; i+2 < len(data); i += 3 {
			a, b := pool[int(data[i])%len(pool)], pool[int(data[i+1])%len(pool)]
			by := int64(data[i+2] % 4)
			fmt.Fprintf(&in, "%s %s %d\n", a, b, by)
			k := [2]string{groupText(a), groupText(b)}
			g := groups[k]
			if g == nil {
				g = &agg{k: k}
				groups[k] = g
			}
			g.n++
			g.b += by
		}
		var all []*agg
		for _, g := range groups {
			all = append(all, g)
		}
		slices.SortFunc(all, func(x, y *agg) int {
			if c := cmp.Compare(y.n, x.n); c != 0 {
				return c
			}
			if c := cmp.Compare(y.b, x.b); c != 0 {
				return c
			}
			if c := compareGroupText(x.k[0], y.k[0]); c != 0 {
				return c
			}
			return compareGroupText(x.k[1], y.k[1])
		})
		var want []string
		for _, g := range all {
			want = append(want, fmt.Sprintf("%s|%s=%d/0/%d", g.k[0], g.k[1], g.n, g.b))
		}
		for _, top := range []int{0, 1, 3} {
			w := want
			if top > 0 && len(w) > top {
				w = w[:top]
			}
			for _, opts := range []LocalOptions{{Workers: 2}, {Memory: 1, TempDir: t.TempDir(), Workers: 2}} {
				res := aggregate(t, opts, Query{By: []string{"srcaddr", "dstaddr"}, Top: top}, textSource("t.log", in.String()))
				got := rowStrings(res.Rows)
				if len(got) == 0 && len(w) == 0 {
					continue
				}
				if !slices.Equal(got, w) {
					t.Fatalf("top %d memory %d:\n got %q\nwant %q", top, opts.Memory, got, w)
				}
			}
		}
	})
}
