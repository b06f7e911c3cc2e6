package render

import (
	"bytes"
	"testing"

	"github.com/aclprobe/aclprobe/internal/golden"
)

// TestWriteResultDNSNames checks the dns_names column in every format:
// names ;-separated (an array in JSON), "-" (an empty array) when none.
func TestWriteResultDNSNames(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			res := sampleResult(true)
			res.DNSJoined = true
			res.Rows[0].DNSNames = []string{"dynamodb.eu-west-1.amazonaws.com"}
			res.Rows[1].DNSNames = []string{"http-intake.logs.datadoghq.com", "api.datadoghq.com"}
			res.Rows[1].Service, res.Rows[1].ServiceSource = "datadog", "dns"
			var buf bytes.Buffer
			if err := WriteResult(&buf, res, format); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "output/"+format+"-dns.golden", buf.Bytes())
		})
	}
}
