//go:build linux

package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromium returns the browser to test with: $ACLPROBE_CHROMIUM, which
// scripts/chromium.sh sets after installing Debian's chromium. Locally the
// test skips without it; in CI (CI=true) a missing browser is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	p := os.Getenv("ACLPROBE_CHROMIUM")
	if p == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ACLPROBE_CHROMIUM is not set in CI: run the tests through ./scripts/test (it installs chromium)")
		}
		t.Skip("ACLPROBE_CHROMIUM not set: run ./scripts/test, or install chromium and export ACLPROBE_CHROMIUM=/usr/bin/chromium")
	}
	return p
}

// artifacts is where screenshots are kept: $ACLPROBE_ARTIFACTS, or a
// temporary directory of the test.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ACLPROBE_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runChromium runs headless chromium with args on the page, offline,
// killing its whole process group on timeout.
func runChromium(t *testing.T, browser, page string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, browser, append(append(base, args...), "file://"+page)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

var (
	findingsRE = regexp.MustCompile(`(?s)<table id="findings"[^>]*>.*?<tbody[^>]*>(.*?)</tbody>`)
	rowRE      = regexp.MustCompile(`<tr[ >]`)
	chartRE    = regexp.MustCompile(`<svg class="chart"[^>]*role="img"`)
)

// TestHTMLInChromium loads each fixture's report.html from file:// in
// headless chromium and checks the DOM it built (one findings row per
// target, one chart per tested target) and, from a screenshot, that the
// charts were painted. Screenshots are kept as test artifacts.
func TestHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	out := artifacts(t)
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			in, page := fixtureHTML(t, fx)
			dom := string(runChromium(t, browser, page, "--dump-dom"))
			m := findingsRE.FindStringSubmatch(dom)
			if m == nil {
				t.Fatalf("no findings table in the DOM chromium built:\n%.2000s", dom)
			}
			if got, want := len(rowRE.FindAllString(m[1], -1)), len(in.Results.Targets); got != want {
				t.Errorf("findings table has %d rows, want %d (one per target)", got, want)
			}
			tested := 0
			for _, tr := range in.Results.Targets {
				if len(tr.Timeline) > 0 {
					tested++
				}
			}
			if got := len(chartRE.FindAllString(dom, -1)); got != tested {
				t.Errorf("DOM has %d charts, want %d (one per tested target)", got, tested)
			}
			if !strings.Contains(dom, `<title id="t1-title">`) || !strings.Contains(dom, `<desc id="t1-desc">`) {
				t.Errorf("chart 1 lacks its <title>/<desc> text alternative")
			}
			shot := filepath.Join(out, "report-"+fx+".png")
			runChromium(t, browser, page, "--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars")
			t.Logf("screenshot: %s", shot)
			full := filepath.Join(out, "report-"+fx+"-full.png")
			runChromium(t, browser, page, "--screenshot="+full, "--window-size=1280,7000", "--hide-scrollbars")
			t.Logf("full-page screenshot: %s", full)
			ok, fail := countChartPixels(t, full)
			t.Logf("chart pixels: %d healthy green, %d failure red", ok, fail)
			// A chart row is about 16x700 px of healthy green; the legend
			// alone has a few hundred pixels of each colour.
			if ok < 20000 {
				t.Errorf("only %d healthy-green pixels painted: the charts did not render", ok)
			}
			if fx == "breaks" && fail < 5000 {
				t.Errorf("only %d failure-red pixels painted: the failing segments did not render", fail)
			}
		})
	}
}

// countChartPixels counts pixels of the chart's healthy green (#2e7d32)
// and failure red (#c62828) in a PNG screenshot.
func countChartPixels(t *testing.T, path string) (ok, fail int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	near := func(r, g, b uint32, R, G, B uint32) bool {
		d := func(a, b uint32) uint32 {
			if a > b {
				return a - b
			}
			return b - a
		}
		return d(r>>8, R) < 12 && d(g>>8, G) < 12 && d(b>>8, B) < 12
	}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			switch {
			case near(r, g, b, 0x2e, 0x7d, 0x32):
				ok++
			case near(r, g, b, 0xc6, 0x28, 0x28):
				fail++
			}
		}
	}
	return ok, fail
}
