package progress

import "testing"

func TestProgressBytes(t *testing.T) {
	tests := []struct {
		name        string
		read, total int64
		want        string
	}{
		{"total unknown (stdin, S3 without sizes)", 3 << 20, 0, "3.0 MiB"},
		{"part of a known total", 69 << 20, 138 << 20, "69.0 of 138.0 MiB (50%)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := progressBytes(tc.read, tc.total); got != tc.want {
				t.Errorf("progressBytes = %q, want %q", got, tc.want)
			}
		})
	}
}
