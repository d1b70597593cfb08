package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/auth"
)

// With a metrics token (--metrics-token, KECHUANG_METRICS_TOKEN), a
// request to /metrics bearing it is served the Prometheus text without a
// session; one bearing another token gets 401; one without is guarded as
// before: the public is sent to sign in, an analyst refused, an
// administrator served. Without a token, a bearer header admits no one.
func TestMetricsToken(t *testing.T) {
	const token = "s3cret-scrape-token"
	w := newWorld(t, "sqlite")
	w.srv.EnableMetrics()
	plain := httptest.NewServer(w.srv.Handler()) // metrics, no token
	defer plain.Close()
	w.srv.SetMetricsToken(token)
	ms := httptest.NewServer(w.srv.Handler())
	defer ms.Close()

	scrape := func(c *http.Client, base, authorization string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Location"), string(b)
	}
	anon := w.client(t, auth.Public)
	isProm := func(body string) bool {
		return strings.Contains(body, "# TYPE go_goroutines gauge") && strings.Contains(body, "process_")
	}

	if status, _, body := scrape(anon, ms.URL, "Bearer "+token); status != http.StatusOK || !isProm(body) {
		t.Errorf("right token: %d %.300s", status, body)
	}
	if status, _, body := scrape(anon, ms.URL, "bearer "+token); status != http.StatusOK || !isProm(body) {
		t.Errorf("right token, scheme in lower case: %d %.300s", status, body)
	}
	for _, wrong := range []string{"Bearer wrong", "Bearer " + token + "x", "Bearer " + token[:len(token)-1], "Bearer "} {
		if status, _, body := scrape(anon, ms.URL, wrong); status != http.StatusUnauthorized || isProm(body) {
			t.Errorf("%q: %d %.300s", wrong, status, body)
		}
	}
	// No token: as before.
	if status, loc, body := scrape(anon, ms.URL, ""); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") || isProm(body) {
		t.Errorf("public without token: %d → %s", status, loc)
	}
	if status, _, body := scrape(anon, ms.URL, "Basic "+token); status != http.StatusSeeOther || isProm(body) {
		t.Errorf("public with another scheme: %d", status)
	}
	if status, _, body := scrape(w.client(t, auth.Analyst), ms.URL, ""); status != http.StatusForbidden || isProm(body) {
		t.Errorf("analyst without token: %d", status)
	}
	admin := w.client(t, auth.Admin)
	if status, _, body := scrape(admin, ms.URL, ""); status != http.StatusOK || !isProm(body) {
		t.Errorf("admin without token: %d", status)
	}
	// Metrics without a token: a bearer header is no key.
	if status, loc, body := scrape(anon, plain.URL, "Bearer "+token); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") || isProm(body) {
		t.Errorf("no token configured, bearer sent: %d → %s", status, loc)
	}
	if status, _, body := scrape(admin, plain.URL, ""); status != http.StatusOK || !isProm(body) {
		t.Errorf("no token configured, admin: %d", status)
	}
}
