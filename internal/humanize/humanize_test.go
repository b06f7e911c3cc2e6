package humanize

import "testing"

func TestCountAndBytes(t *testing.T) {
	for _, tc := range []struct {
		n            int64
		count, bytes string
	}{
		{0, "0", "0 B"},
		{999, "999", "999 B"},
		{1024, "1,024", "1.0 KiB"},
		{1536, "1,536", "1.5 KiB"},
		{1234567, "1,234,567", "1.2 MiB"},
		{-1234567, "-1,234,567", "-1234567 B"},
		{28 << 30, "30,064,771,072", "28.0 GiB"},
	} {
		if got := Count(tc.n); got != tc.count {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.count)
		}
		if got := Bytes(tc.n); got != tc.bytes {
			t.Errorf("Bytes(%d) = %q, want %q", tc.n, got, tc.bytes)
		}
	}
}
