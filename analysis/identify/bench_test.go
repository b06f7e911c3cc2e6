package identify

import (
	"os"
	"testing"
)

// BenchmarkNewIdentifierReal loads the real AWS ip-ranges.json (about
// 17,000 prefixes) when the shared copy is present.
func BenchmarkNewIdentifierReal(b *testing.B) {
	const f = "/work/shared/ip-ranges/aws_ip-ranges_2026-08-22.json"
	if _, err := os.Stat(f); err != nil {
		b.Skip("shared ip-ranges not here")
	}
	for b.Loop() {
		if _, err := New(Options{IPRangesFile: f}); err != nil {
			b.Fatal(err)
		}
	}
}
