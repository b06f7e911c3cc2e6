package plan

import (
	"strings"
	"testing"
	"time"
)

func TestDetection(t *testing.T) {
	alarm15m := Detector{Kind: "alarm", Name: "x", Needs: 15 * time.Minute, How: "period 5m x 3 datapoints"}
	alarm10s := Detector{Kind: "alarm", Name: "fast", Needs: 10 * time.Second, How: "period 10s x 1 datapoints"}
	unknown := Detector{Kind: "alarm", Name: "c", Unknown: "composite alarm rule names no child alarm aclprobe can read"}
	probes := ProbeDetectors([]Probe{{Name: "api", Interval: Duration(15 * time.Second), FailureThreshold: 2}})
	tests := []struct {
		name       string
		d          Detection
		could      []string
		wantReason string
	}{
		{name: "a 15m alarm, a 1m window, no probe", d: Detection{Window: time.Minute, Detectors: []Detector{alarm15m}},
			wantReason: "window 1m is shorter than the 15m alarm x needs (period 5m x 3 datapoints); no probe covers it; a window of 15m would be enough"},
		{name: "a probe covers it", d: Detection{Window: time.Minute, Detectors: append([]Detector{alarm15m}, probes...)}, could: []string{"probe api"}},
		{name: "window exactly long enough", d: Detection{Window: 10 * time.Second, Detectors: []Detector{alarm10s}}, could: []string{"alarm fast"}},
		{name: "unknown never counts", d: Detection{Window: time.Hour, Detectors: []Detector{unknown}},
			wantReason: "alarm c's time to fail is unknown"},
		{name: "probe too slow", d: Detection{Window: 20 * time.Second, Detectors: probes},
			wantReason: "window 20s is shorter than the 30s probe api needs (every 15s x 2 failures); a window of 30s would be enough"},
		{name: "nothing watched", d: Detection{Window: time.Minute}, wantReason: "nothing is watched"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var could []string
			for _, x := range tc.d.CouldDetect() {
				could = append(could, x.Label())
			}
			if strings.Join(could, ",") != strings.Join(tc.could, ",") {
				t.Errorf("CouldDetect = %v, want %v", could, tc.could)
			}
			r := tc.d.Reason()
			if (tc.wantReason == "") != (r == "") || !strings.Contains(r, tc.wantReason) {
				t.Errorf("Reason = %q, want %q", r, tc.wantReason)
			}
		})
	}
}
