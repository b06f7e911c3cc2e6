package probe

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/plan"
)

func TestHTTPCheck(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"status":"ok","db":"up"}`)) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "upstream kinesis timeout", http.StatusInternalServerError)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
		_, _ = w.Write([]byte("ok"))
	})
	mux.HandleFunc("/hang", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/health", http.StatusFound) })
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("X-Tenant") != "staging" {
			w.WriteHeader(http.StatusBadRequest)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tls := httptest.NewUnstartedServer(mux)
	tls.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tls.StartTLS()                                   // self-signed certificate
	defer tls.Close()

	tests := []struct {
		name    string
		http    plan.HTTPProbe
		timeout time.Duration
		ok      bool
		want    string // in Error when failing, in Detail when passing
	}{
		{"healthy", plan.HTTPProbe{URL: srv.URL + "/health"}, 0, true, "status 200 OK"},
		{"500 fails with body as evidence", plan.HTTPProbe{URL: srv.URL + "/broken"}, 0, false, `status 500 Internal Server Error, want 2xx; body "upstream kinesis timeout"`},
		{"expected status", plan.HTTPProbe{URL: srv.URL + "/broken", ExpectStatus: []int{500, 503}}, 0, true, "status 500"},
		{"unexpected 200", plan.HTTPProbe{URL: srv.URL + "/health", ExpectStatus: []int{204}}, 0, false, "want 204"},
		{"body regex matches", plan.HTTPProbe{URL: srv.URL + "/health", BodyRegex: `"db":"up"`}, 0, true, "status 200"},
		{"body regex mismatch", plan.HTTPProbe{URL: srv.URL + "/health", BodyRegex: `"db":"down"`}, 0, false, `body does not match "\"db\":\"down\""`},
		{"slower than max_latency", plan.HTTPProbe{URL: srv.URL + "/slow", MaxLatency: dur(20 * time.Millisecond)}, 0, false, "over max_latency 20ms"},
		{"timeout", plan.HTTPProbe{URL: srv.URL + "/hang"}, 100 * time.Millisecond, false, "timed out after 100ms"},
		{"redirect followed", plan.HTTPProbe{URL: srv.URL + "/moved"}, 0, true, "status 200"},
		{"redirect expected", plan.HTTPProbe{URL: srv.URL + "/moved", ExpectStatus: []int{302}}, 0, true, "status 302 Found"},
		{"method, body and header", plan.HTTPProbe{URL: srv.URL + "/post", Method: "POST", Body: "{}",
			Headers: []plan.Header{{Name: "X-Tenant", Value: "staging"}}}, 0, true, "status 200"},
		{"connection refused", plan.HTTPProbe{URL: closedURL(t)}, 0, false, "refused"},
		{"self-signed TLS fails by default", plan.HTTPProbe{URL: tls.URL + "/health"}, 0, false, "certificate"},
		{"self-signed TLS with insecure_skip_verify", plan.HTTPProbe{URL: tls.URL + "/health", InsecureSkipVerify: true}, 0, true, "status 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := checkOnce(t, plan.Probe{Name: "api", HTTP: &tt.http, Timeout: dur(tt.timeout)}, tt.ok, tt.want)
			if s.Kind != KindProbe || s.Name != "api" || s.At.IsZero() || s.Latency <= 0 {
				t.Errorf("sample %+v lacks kind, name, time or latency", s)
			}
		})
	}
}

// closedURL returns a URL on 127.0.0.1 where nothing listens.
func closedURL(t *testing.T) string {
	return "http://" + closedAddr(t) + "/health"
}
