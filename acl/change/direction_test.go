package change

import "testing"

func TestDirection(t *testing.T) {
	for _, tc := range []struct {
		s      string
		d      Direction
		egress bool
	}{
		{"egress", Egress, true},
		{"ingress", Ingress, false},
	} {
		d, err := ParseDirection(tc.s)
		if err != nil || d != tc.d {
			t.Fatalf("ParseDirection(%q) = %v, %v; want %v", tc.s, d, err, tc.d)
		}
		if d.String() != tc.s || d.IsEgress() != tc.egress || DirectionOf(tc.egress) != d {
			t.Errorf("%v: String %q, IsEgress %v, DirectionOf(%v) = %v", d, d.String(), d.IsEgress(), tc.egress, DirectionOf(tc.egress))
		}
		if b, err := d.MarshalText(); err != nil || string(b) != tc.s {
			t.Errorf("%v.MarshalText() = %q, %v", d, b, err)
		}
	}
	for _, bad := range []string{"", "Egress", "out", "both"} {
		if d, err := ParseDirection(bad); err == nil {
			t.Errorf("ParseDirection(%q) = %v, want an error", bad, d)
		}
	}
	var zero Direction
	if _, err := zero.MarshalText(); err == nil || zero.IsEgress() || zero.String() != "direction(0)" {
		t.Errorf("the zero direction passes for a direction: %q, egress %v, marshal error %v", zero.String(), zero.IsEgress(), err)
	}
}
