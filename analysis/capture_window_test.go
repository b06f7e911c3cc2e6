package analysis

import "testing"

// TestOddWindows counts records whose own window is absurd.
func TestOddWindows(t *testing.T) {
	in := "srcaddr start end packets\n" +
		"10.0.0.1 1764806400 1764806460 1\n" + // one minute
		"10.0.0.1 1764806460 1764806400 1\n" + // ends before it starts
		"10.0.0.1 1764806400 1764896400 1\n" + // a day
		"10.0.0.1 - 1764806400 1\n" // no start: not judged
	res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr"}}, textSource("in.log", in))
	if res.Coverage.OddWindows != 2 {
		t.Errorf("odd windows %d, want 2", res.Coverage.OddWindows)
	}
}
