package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// httpMetrics are the server's Prometheus metrics (EnableMetrics).
type httpMetrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// token, when not empty, admits a request bearing it to /metrics
	// without a session (SetMetricsToken).
	token [sha256.Size]byte
	// hasToken says whether token is set.
	hasToken bool
}

// EnableMetrics makes Handler serve Prometheus metrics at /metrics: request
// counts by route pattern and status (kechuang_http_requests_total),
// latencies by route (kechuang_http_request_duration_seconds), and the Go
// runtime and process collectors. Off unless called (config Metrics).
func (s *Server) EnableMetrics() {
	reg := prometheus.NewRegistry()
	m := &httpMetrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kechuang_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kechuang_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = m
}

// SetMetricsToken lets requests to /metrics with the header
// "Authorization: Bearer TOKEN" through without a session (a Prometheus
// scraper); a request bearing another token gets 401. Requests without
// the header are guarded as before (administrators). An empty token (the
// default) changes nothing. Call after EnableMetrics; without metrics it
// does nothing.
func (s *Server) SetMetricsToken(token string) {
	if s.metrics == nil || token == "" {
		return
	}
	s.metrics.token, s.metrics.hasToken = sha256.Sum256([]byte(token)), true
}

// scrape serves /metrics: prom for a request bearing the metrics token,
// 401 for one bearing another token, guarded (its access rule, as every
// route) otherwise.
func (s *Server) scrape(prom, guarded http.Handler) http.Handler {
	if !s.metrics.hasToken {
		return guarded
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			guarded.ServeHTTP(w, r)
			return
		}
		// Both sides hashed: the comparison takes the same time whatever
		// the token's length.
		got := sha256.Sum256([]byte(strings.TrimSpace(token)))
		if subtle.ConstantTimeCompare(got[:], s.metrics.token[:]) != 1 {
			s.log.Warn("refused: wrong metrics token", "path", r.URL.Path, "ip", clientIP(r))
			w.Header().Set("WWW-Authenticate", `Bearer realm="kechuang metrics"`)
			http.Error(w, "wrong metrics token", http.StatusUnauthorized)
			return
		}
		prom.ServeHTTP(w, r)
	})
}

// instrument counts and times the requests of one route.
func (m *httpMetrics) instrument(route string, h http.Handler) http.Handler {
	if m == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
