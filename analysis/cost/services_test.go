package cost

import "testing"

func TestPathFor(t *testing.T) {
	tests := []struct {
		name, service, source, label string
		vendor, endpoint             string
		kind                         Kind
		ok                           bool
	}{
		{"gateway endpoint", "S3", "pkt-dst-aws-service", "", "", "s3", Gateway, true},
		{"interface endpoint from a dns name", "", "dns", "kinesis.eu-west-1.amazonaws.com", "", "kinesis-streams", Interface, true},
		{"vendor before AWS", "datadog (agents)", "vendor:datadog", "datadog on aws", "Datadog", "", Interface, true},
		{"instance ranges name no service", "EC2", "ip-ranges", "", "", "", "", false},
		{"nothing known", "", "", "partner api", "", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := PathFor(GuessText(tc.service, tc.source, tc.label))
			if ok != tc.ok || p.Vendor != tc.vendor || p.Service.Endpoint != tc.endpoint || p.Kind != tc.kind {
				t.Errorf("PathFor = %+v, %v; want vendor %q, endpoint %q, kind %q, %v", p, ok, tc.vendor, tc.endpoint, tc.kind, tc.ok)
			}
		})
	}
}
