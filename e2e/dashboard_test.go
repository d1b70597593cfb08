// Package e2e drives the kechuang dashboard in a headless Chromium.
//
// The tests start the web server on a fresh SQLite database seeded with the
// built-in Fuling dataset, open the pages in Chromium through chromedp and
// check the rendered text, the ECharts canvases and one interaction.
//
// Environment:
//
//	KECHUANG_TEST_CHROMIUM       path of the browser (default /usr/bin/chromium)
//	KECHUANG_UPDATE_SCREENSHOTS=1 write docs/dashboard.png, docs/targets.png and the pipeline pages' PNGs
package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/web"
)

const (
	defaultChromium = "/usr/bin/chromium"
	testTimeout     = 60 * time.Second
	chartsTimeout   = 20 * time.Second
)

// fixedNow is the judgement date of every page: 2026-11-29 in Chongqing.
var fixedNow = time.Date(2026, time.November, 29, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// chromiumPath returns the browser to use, and fails when it is not
// installed: a skipped browser test proves nothing. scripts/test.sh (the
// README's test command) installs Debian's chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("KECHUANG_TEST_CHROMIUM")
	if p == "" {
		p = defaultChromium
	}
	resolved, err := exec.LookPath(p)
	if err == nil {
		return resolved
	}
	msg := fmt.Sprintf("no Chromium at %q (set KECHUANG_TEST_CHROMIUM to the browser binary): %v", p, err)
	t.Fatalf("%s; run the tests with bash scripts/test.sh, which installs chromium", msg)
	return ""
}

// startServer opens a seeded SQLite database in a temporary directory and
// serves the dashboard; it returns the base URL.
func startServer(t *testing.T, setup ...func(*app.App)) string {
	t.Helper()
	return startServerAuth(t, false, setup...)
}

// startServerAuth is startServer with accounts on when authOn.
func startServerAuth(t *testing.T, authOn bool, setup ...func(*app.App)) string {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = ""
	cfg.Addr = "127.0.0.1:0"
	cfg.Seed = true
	a, err := app.Open(t.Context(), cfg, logger)
	if err != nil {
		t.Fatalf("open the app: %v", err)
	}
	a.Now = func() time.Time { return fixedNow }
	for _, f := range setup {
		f(a)
	}
	var opts []web.Option
	if authOn {
		opts = append(opts, web.WithAuth(false))
	}
	srv, err := web.New(a, logger, opts...)
	if err != nil {
		a.Close()
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		a.Close()
	})
	return ts.URL
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// tab context that ends after testTimeout.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	profile := t.TempDir() // registered before the browser cleanup, so removed after it

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1400, 1800),
	)
	ctx, cancelTimeout := context.WithTimeout(t.Context(), testTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
	})
	// Start the browser now so that a start failure has a clear message.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start Chromium %s: %v", exe, err)
	}
	return tabCtx
}

// chartsState is what the page reports about its ECharts charts.
type chartsState struct {
	Charts string `json:"charts"`
	Ready  string `json:"ready"`
	Error  string `json:"error"`
}

const chartsStateJS = `({charts: document.body.dataset.charts || "", ready: document.body.dataset.chartsReady || "", error: document.body.dataset.chartsError || ""})`

// waitCharts waits until every chart of the page has rendered and there is at
// least one.
func waitCharts(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	pred := `(() => {
		const d = document.body && document.body.dataset;
		if (!d) return false;
		if (d.chartsError) return true;
		const n = Number(d.charts);
		return n >= 1 && d.chartsReady === d.charts;
	})()`
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](pred,
		chromedp.WithPollingInterval(100*time.Millisecond),
		chromedp.WithPollingTimeout(chartsTimeout)))
	st, stErr := chromedp.Run(ctx, chromedp.Evaluate[chartsState](chartsStateJS))
	if stErr != nil {
		t.Fatalf("%s: read the chart state: %v (poll error: %v)", page, stErr, err)
	}
	if st.Error != "" {
		t.Fatalf("%s: charts failed: data-charts-error=%q (data-charts=%q, data-charts-ready=%q)", page, st.Error, st.Charts, st.Ready)
	}
	if err != nil {
		t.Fatalf("%s: charts did not finish rendering within %s: data-charts=%q data-charts-ready=%q (want equal and ≥1): %v",
			page, chartsTimeout, st.Charts, st.Ready, err)
	}
	t.Logf("%s: %s of %s charts rendered", page, st.Ready, st.Charts)
}

// navigate opens a page of the server.
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
}

// visibleText returns the rendered text of the element (innerText, so closed
// <details> bodies and hidden elements are left out).
func visibleText(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); return el ? el.innerText : null; })()`, css)
	s, err := chromedp.Run(ctx, chromedp.Evaluate[*string](js))
	if err != nil {
		t.Fatalf("read the text of %s: %v", css, err)
	}
	if s == nil {
		t.Fatalf("no element matches %s", css)
	}
	return *s
}

func assertContains(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	var missing []string
	for _, w := range wants {
		if !strings.Contains(text, w) {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		excerpt := text
		if r := []rune(excerpt); len(r) > 1500 {
			excerpt = string(r[:1500]) + "…"
		}
		t.Errorf("%s: the visible text lacks %q; it reads:\n%s", where, missing, excerpt)
	}
}

type canvasInfo struct {
	Width        int `json:"width"`
	Height       int `json:"height"`
	ClientWidth  int `json:"clientWidth"`
	ClientHeight int `json:"clientHeight"`
}

// assertCanvases checks that every .chart holds an ECharts canvas with a size.
func assertCanvases(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	js := `Array.from(document.querySelectorAll(".chart")).map(el => {
		const c = el.querySelector("canvas");
		return c ? {width: c.width, height: c.height, clientWidth: c.clientWidth, clientHeight: c.clientHeight}
		         : {width: -1, height: -1, clientWidth: -1, clientHeight: -1};
	})`
	cs, err := chromedp.Run(ctx, chromedp.Evaluate[[]canvasInfo](js))
	if err != nil {
		t.Fatalf("%s: read the canvases: %v", page, err)
	}
	if len(cs) == 0 {
		t.Fatalf("%s: no .chart element on the page", page)
	}
	for i, c := range cs {
		switch {
		case c.Width < 0:
			t.Errorf("%s: .chart #%d has no <canvas> (ECharts did not draw)", page, i)
		case c.Width == 0 || c.Height == 0 || c.ClientWidth == 0 || c.ClientHeight == 0:
			t.Errorf("%s: the canvas of .chart #%d has no area: %+v", page, i, c)
		default:
			t.Logf("%s: .chart #%d canvas %dx%d (css %dx%d)", page, i, c.Width, c.Height, c.ClientWidth, c.ClientHeight)
		}
	}
}

// screenshot takes a full-page PNG, checks it and writes it to docs/name when
// KECHUANG_UPDATE_SCREENSHOTS=1, else to a temporary directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if len(buf) == 0 {
		t.Fatalf("screenshot %s is empty", name)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot %s is not a PNG: %v", name, err)
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		t.Fatalf("screenshot %s has no area: %dx%d", name, cfg.Width, cfg.Height)
	}
	dir := t.TempDir()
	if os.Getenv("KECHUANG_UPDATE_SCREENSHOTS") == "1" {
		dir = filepath.Join("..", "docs")
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 {
		t.Fatalf("screenshot %s was not written: %v", path, err)
	}
	t.Logf("wrote %s (%dx%d, %d bytes)", path, cfg.Width, cfg.Height, fi.Size())
}

func TestOverview(t *testing.T) {
	base := startServer(t)
	ctx := newBrowser(t)

	navigate(t, ctx, base+"/")
	waitCharts(t, ctx, "/")

	text := visibleText(t, ctx, "body")
	assertContains(t, "/", text,
		"24.02亿元", "15.6%", "151户",
		"涪陵高新区", "白涛新材料科技城", "慧谷湖科创小镇",
		"绿色低碳", "生命健康", "智能科技")
	assertCanvases(t, ctx, "/")
	screenshot(t, ctx, "dashboard.png")
}

func TestTargets(t *testing.T) {
	base := startServer(t)
	ctx := newBrowser(t)

	navigate(t, ctx, base+"/targets")
	waitCharts(t, ctx, "/targets")

	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("table.data.targets"))); err != nil {
		t.Fatalf("/targets: the table table.data.targets is not visible: %v", err)
	}
	text := visibleText(t, ctx, "table.data.targets")
	assertContains(t, "/targets table", text,
		"规模以上工业增加值", "突破800亿元", "370亿元",
		"46.3%", "21.3%", "进度正常", "暂无可比实绩")
	assertCanvases(t, ctx, "/targets")
	screenshot(t, ctx, "targets.png")
}

func TestBulletin(t *testing.T) {
	base := startServer(t)
	ctx := newBrowser(t)

	navigate(t, ctx, base+"/bulletin?scope=fuling&period=2022-01..2022-08")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("article.bulletin"))); err != nil {
		t.Fatalf("/bulletin: no visible article.bulletin: %v", err)
	}
	text := visibleText(t, ctx, "article.bulletin")
	assertContains(t, "/bulletin article", text,
		"1—8月，全区规模以上工业企业研发投入24.02亿元，同比增长15.6%")
}

// TestSourceDetails opens the first “来源” of the 24.02亿元 card and checks
// that the quote of the source appears.
func TestSourceDetails(t *testing.T) {
	base := startServer(t)
	ctx := newBrowser(t)

	navigate(t, ctx, base+"/")
	waitCharts(t, ctx, "/")

	const quote = "全区规模以上工业企业研发投入24.02亿元"
	// The first figure card whose value is 24.02亿元, its first <details>.
	const card = `(//div[contains(concat(" ", normalize-space(@class), " "), " fig ")][div[contains(@class, "fig-value")][normalize-space(.) = "24.02亿元"]])[1]`
	const details = card + `//details[1]`
	const summary = details + `/summary`
	const quoteP = details + `//p[contains(., "` + quote + `")]`

	detailsText := func() string {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.Search(details)))
		if err != nil {
			t.Fatalf("read the 来源 of the 24.02亿元 card: %v", err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.Search(summary))); err != nil {
		t.Fatalf("no 来源 <summary> in a card with the value 24.02亿元: %v", err)
	}
	if s := detailsText(); strings.Contains(s, quote) {
		t.Fatalf("the quote is visible before the click; the 来源 reads %q", s)
	}
	if err := chromedp.Do(ctx,
		chromedp.ScrollIntoView(chromedp.Search(summary)),
		chromedp.Click(chromedp.Search(summary), chromedp.NodeVisible),
	); err != nil {
		t.Fatalf("click the 来源 of the 24.02亿元 card: %v", err)
	}
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(waitCtx, chromedp.WaitVisible(chromedp.Search(quoteP))); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("the quote %q did not become visible after the click; the 来源 reads %q", quote, detailsText())
		}
		t.Fatalf("wait for the quote: %v", err)
	}
	open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`document.evaluate(`+"`"+details+"`"+`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.open`))
	if err != nil {
		t.Fatalf("read details.open: %v", err)
	}
	if !open {
		t.Errorf("the 来源 <details> is not open after the click")
	}
	assertContains(t, "the opened 来源", detailsText(), quote)
}
