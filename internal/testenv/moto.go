package testenv

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
)

// MotoEnv is the environment variable scripts/test sets to moto_server's URL.
const MotoEnv = "ACLPROBE_MOTO_URL"

// Region is the region integration tests use against moto.
const Region = "us-east-1"

// MotoURL returns moto_server's URL and points the SDK chain
// (AWS_ENDPOINT_URL, fake credentials, region) at it for this test.
// Packages' tests run in parallel against one moto: never reset it and
// never assume an empty account; create uniquely named resources instead.
// It skips the test when ACLPROBE_MOTO_URL is unset, unless CI=true, where
// a missing emulator is a failure: CI must run the integration tests.
func MotoURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(MotoEnv)
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set in CI: run the tests through ./scripts/test", MotoEnv)
		}
		t.Skipf("%s not set: run ./scripts/test to start moto_server", MotoEnv)
	}
	t.Setenv("AWS_ENDPOINT_URL", url)
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_SESSION_TOKEN", "testing")
	t.Setenv("AWS_REGION", Region)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return url
}

// Reset clears all of moto's state. Only for a test binary that owns its
// moto_server (never the shared one scripts/test starts).
func Reset(t testing.TB, url string) {
	t.Helper()
	resp, err := http.Post(url+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("reset moto: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reset moto: status %s", resp.Status)
	}
}

// Config loads the SDK configuration the way aclprobe does, for tests that
// set up or inspect state in moto directly. Call MotoURL first.
func Config(t testing.TB) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatalf("load aws config: %v", err)
	}
	return cfg
}

// TransportRetryer retries a call only when no answer came back: the
// connection closed or reset before the response was read. Contract tests
// use it instead of no retries at all, so that every answer they check is
// still the emulator's own (no throttling or server error is retried),
// while a connection the HTTP client closed under load ("use of closed
// network connection", aws/aws-sdk-go-v2#2737; it failed a contract test
// in CI) does not fail the test.
func TransportRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Retryables = []retry.IsErrorRetryable{retry.RetryableConnectionError{}}
	})
}
