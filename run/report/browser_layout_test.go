//go:build linux

package report

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// measureScript is added, for the test only, to a copy of the report (the
// report itself has no scripts): it records the layout chromium computed
// as JSON in an attribute of <html>, which --dump-dom prints. It changes
// nothing that is laid out.
const measureScript = `<script>(function () {
  var f = document.getElementById("findings");
  var wide = [].map.call(document.querySelectorAll(".wide"), function (w) {
    return {table: w.querySelector("table").id, scroll: w.scrollWidth, client: w.clientWidth};
  });
  document.documentElement.setAttribute("data-measure", JSON.stringify({
    viewport: window.innerWidth,
    doc: document.documentElement.scrollWidth,
    findings: getComputedStyle(f).display,
    header: getComputedStyle(f.tHead).display,
    headerCells: f.tHead.querySelectorAll("th[scope=col]").length,
    wide: wide
  }));
})();</script>`

// layout is what measureScript records.
type layout struct {
	Viewport    int    `json:"viewport"`
	Doc         int    `json:"doc"`      // the document's scroll width
	Findings    string `json:"findings"` // the findings table's CSS display
	Header      string `json:"header"`   // its header row's CSS display
	HeaderCells int    `json:"headerCells"`
	Wide        []struct {
		Table  string `json:"table"`
		Scroll int    `json:"scroll"`
		Client int    `json:"client"`
	} `json:"wide"`
}

var measureRE = regexp.MustCompile(`data-measure="([^"]*)"`)

// measure loads the report with measureScript at a window width and
// returns the layout chromium computed.
func measure(t *testing.T, browser, report string, width int) layout {
	t.Helper()
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "measure.html")
	withScript := strings.Replace(string(b), "</body>", measureScript+"\n</body>", 1)
	if err := os.WriteFile(page, []byte(withScript), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(runChromium(t, browser, page, "--dump-dom", "--hide-scrollbars", fmt.Sprintf("--window-size=%d,2000", width)))
	m := measureRE.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the measuring script left no data-measure in the DOM:\n%.1000s", dom)
	}
	var l layout
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &l); err != nil {
		t.Fatalf("data-measure %q: %v", m[1], err)
	}
	return l
}

// TestHTMLLayoutInChromium renders each fixture's report at 1280 and 700
// px wide, keeps a screenshot of each as a test artifact, and checks the
// layout: the page is never wider than the window (no sideways scrolling),
// no table hides columns in its scroll container, the findings table is a
// table at 1280 px and stacks (one block per target) at 700 px, and its
// column headers stay in the page (hidden visually, not removed) for
// screen readers.
func TestHTMLLayoutInChromium(t *testing.T) {
	browser := chromium(t)
	out := artifacts(t)
	for _, fx := range fixtures {
		_, report := fixtureHTML(t, fx)
		for _, tc := range []struct {
			width    int
			findings string // the findings table's CSS display
		}{
			{1280, "table"},
			{700, "block"},
		} {
			t.Run(fmt.Sprintf("%s/%dpx", fx, tc.width), func(t *testing.T) {
				shot := filepath.Join(out, fmt.Sprintf("report-%s-%d.png", fx, tc.width))
				runChromium(t, browser, report, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,2400", tc.width), "--hide-scrollbars")
				t.Logf("screenshot: %s", shot)
				l := measure(t, browser, report, tc.width)
				t.Logf("layout: %+v", l)
				if l.Viewport != tc.width {
					t.Fatalf("the window is %d px wide, want %d: the measure is not of the width asked for", l.Viewport, tc.width)
				}
				if l.Doc > l.Viewport {
					t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", l.Doc, l.Viewport)
				}
				if l.Findings != tc.findings {
					t.Errorf("findings table displays as %q, want %q", l.Findings, tc.findings)
				}
				if l.Header == "none" || l.HeaderCells != 9 {
					t.Errorf("findings header row displays as %q with %d column headers, want it kept with 9", l.Header, l.HeaderCells)
				}
				if len(l.Wide) == 0 {
					t.Errorf("no table is in a scroll container")
				}
				for _, w := range l.Wide {
					if w.Scroll > w.Client {
						t.Errorf("table %s is %d px wide in its %d px container: columns are hidden sideways", w.Table, w.Scroll, w.Client)
					}
				}
			})
		}
	}
}
