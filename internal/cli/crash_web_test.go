package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/db"
)

// TestCrashSafetyWeb kills `kechuang serve` with SIGKILL while several
// writes made through the dashboard's own forms are in flight, many times
// (SQLite only), and checks after each kill, before anything restarts,
// that the database opens, passes integrity_check and foreign_key_check,
// and holds each write wholly or not at all:
//
//   - a technology contract typed in at /contracts: the contract row with
//     both of its deduction rows, whose sum is its contract value less its
//     transaction value;
//   - a demand posted at /demands: the row with its search terms and their
//     postings (one transaction);
//   - matching feedback on a demand: the feedback row;
//   - a reporter's monthly report filed at /report: both indicators'
//     report rows of the filing's import, or none;
//   - a report file uploaded at 数据导入 (/imports): every firm's rows of
//     the import, or none (the import runs on after the answer).
//
// And, for the answers the client got: a write whose whole 2xx/3xx answer
// arrived (status, headers and the complete body) is in the database, and
// so is its audit row ("form POST …", the fields, "HTTP <status>"): the
// guard writes the audit row before the handler's answer is complete. An
// audit row that records a 2xx/3xx answer has its write in the database.
// The serve started next on the same data directory settles the jobs the
// kill interrupted (done when their data was written, failed otherwise,
// checked for the uploads against what each kill left); after the last
// kill serve starts once more and answers.
//
// And a write whose answer the kill cut off is never in the database
// without an audit row naming who asked for it: the guard records the
// request (via "received", with its fields) before the handler writes, and
// the outcome ("HTTP <status>") after. (Before that, write and audit were
// two transactions with the audit row second, and a kill between them left
// 15–25 of about 55 cut-off writes a run unaudited.)
//
// Each kill lands while every kind of write is in flight: the workers write
// back to back until the server is gone; the kill comes 30–430 ms after
// they start.
func TestCrashSafetyWeb(t *testing.T) {
	dir := t.TempDir()
	if out, err := child(t, "--data", dir, "demo", "generate", "--firms", "600", "--months", "2", "--year", "2020", "--seed", "3").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	codes := firmCodes(t, dir)
	passwords := map[string]string{}
	for _, u := range [][]string{{"ana", "--role", "analyst"}, {"rep", "--role", "reporter", "--org", codes[0]}} {
		out, err := child(t, append([]string{"--data", dir, "user", "add"}, u...)...).Output()
		if err != nil {
			t.Fatalf("user add %s: %v", u[0], err)
		}
		_, pw, ok := strings.Cut(strings.TrimSpace(string(out)), "one-time password: ")
		if !ok {
			t.Fatalf("user add %s: %s", u[0], out)
		}
		passwords[u[0]] = pw
	}
	srv := startServe(t, dir)
	ana, rep := newWebClient(srv.base), newWebClient(srv.base)
	ana.signIn(t, "ana", passwords["ana"])
	rep.signIn(t, "rep", passwords["rep"])
	// A demand and an achievement to give feedback on.
	res := ana.postForm("/achievements", url.Values{"kind": {"achievement"}, "owner": {"崩溃测试大学"}, "title": {"高分子材料改性工艺"}, "keywords": {"高分子、改性"}})
	aid := idAfter(t, res, "/achievements/")
	res = ana.postForm("/demands", url.Values{"firm": {"崩溃测试企业"}, "title": {"高分子材料改性需求"}, "description": {"改性工艺"}})
	did := idAfter(t, res, "/demands/")

	var csvHead strings.Builder
	csvHead.WriteString("统一社会信用代码,研发投入（万元）,研发投入上年同期（万元）,营业收入（万元）,营业收入上年同期（万元）\n")
	for i, c := range codes {
		fmt.Fprintf(&csvHead, "%s,%d.5,%d,%d,%d\n", c, 100+i%900, 90+i%800, 5000+i, 4800+i)
	}
	upload := csvHead.String()

	const rounds = 12
	r := rand.New(rand.NewPCG(5, 5))
	var all []*webWrite
	var seq atomic.Int64
	cut := map[string]cutStats{}
	interrupted, complete := 0, 0 // upload jobs
	for round := range rounds {
		if round > 0 {
			srv = startServe(t, dir)
			ana.base, rep.base = srv.base, srv.base
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		record := func(w *webWrite) {
			mu.Lock()
			all = append(all, w)
			mu.Unlock()
		}
		// Each worker writes again and again until the server is gone.
		worker := func(n int, next func(marker string) *webWrite) {
			defer wg.Done()
			for range n {
				marker := fmt.Sprintf("K%02dX%04d", round, seq.Add(1))
				w := next(marker)
				w.round = round
				record(w)
				if w.err != nil {
					return
				}
				if !w.acked { // a whole answer, but not a success
					t.Errorf("%s %s: %d\n%.1000s", w.kind, w.marker, w.status, w.body)
				}
			}
		}
		wg.Add(5)
		go worker(1000, func(m string) *webWrite {
			return ana.write("contract", m, "/contracts", url.Values{"schema": {"技术合同"}, "reg_no": {m}, "kind": {"技术开发（委托）"},
				"seller_name": {"甲公司"}, "buyer_name": {"乙公司"}, "buyer_region": {"北京市"}, "signed_on": {"2025-03-01"}, "registered_on": {"2025-03-10"},
				"value": {"500"}, "deductions": {"试验设备=120万元；原材料=30万元"}, "transaction": {"350"}})
		})
		go worker(1000, func(m string) *webWrite {
			return ana.write("demand", m, "/demands", url.Values{"firm": {"崩溃测试企业"}, "title": {"需求" + m}, "description": {"高分子材料改性 " + m}})
		})
		go worker(1000, func(m string) *webWrite {
			return ana.write("feedback", m, fmt.Sprintf("/demands/%d/feedback", did), url.Values{"achievement": {strconv.FormatInt(aid, 10)}, "status": {"contacted"}, "note": {m}})
		})
		go worker(1000, func(m string) *webWrite {
			n, _ := strconv.Atoi(m[4:])
			return rep.write("report", m, "/report", url.Values{"period": {"2025-01..2025-06"}, "operating_revenue": {strconv.Itoa(5000 + n)}, "operating_revenue_prior": {"4800"},
				"rd_expenditure": {strconv.Itoa(100 + n)}, "rd_expenditure_prior": {"90"}, "uscc": {codes[0]}, "ref": {m}})
		})
		uploads := 0 // up to three a round, each of a period of its own
		go worker(3, func(m string) *webWrite {
			uploads++
			year := 2020 + uploads
			return ana.upload("upload", m, "/imports", "upload-"+m+".csv", upload, url.Values{"kind": {"report"}, "period": {fmt.Sprintf("%d-01..%d-%02d", year, year, round+1)}})
		})
		time.Sleep(time.Duration(30+r.Int64N(400)) * time.Millisecond)
		srv.kill(t)
		wg.Wait()
		stats, jobs := checkWebWrites(t, dir, round, all, did)
		interrupted, complete = interrupted+jobs.interrupted, complete+jobs.complete
		for k, st := range stats {
			c := cut[k]
			c.absent, c.there, c.unaudited = c.absent+st.absent, c.there+st.there, c.unaudited+st.unaudited
			cut[k] = c
		}
	}
	// Once more, on the same data directory: it starts, settles the jobs
	// of the last kill and answers.
	srv = startServe(t, dir)
	ana.base = srv.base
	if res := ana.get("/imports"); res.err != nil || res.status != http.StatusOK || !strings.Contains(res.body, "数据导入") {
		t.Errorf("after the kills, /imports: %d %v", res.status, res.err)
	}
	if res := ana.get("/contracts"); res.err != nil || res.status != http.StatusOK {
		t.Errorf("after the kills, /contracts: %d %v", res.status, res.err)
	}
	srv.cmd.Process.Signal(syscall.SIGTERM)
	stopped := make(chan error, 1)
	go func() { stopped <- srv.cmd.Wait() }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("serve after the kills: %v\n%s", err, srv.out.String())
		}
	case <-time.After(30 * time.Second):
		srv.cmd.Process.Signal(syscall.SIGKILL)
		<-stopped
		t.Errorf("serve after the kills did not stop within 30 s of SIGTERM")
	}
	checkWebWrites(t, dir, rounds, all, did)
	checkJobs(t, dir, len(codes), interrupted)

	acked := map[string]int{}
	for _, w := range all {
		if w.acked {
			acked[w.kind]++
		}
	}
	var sum []string
	for _, k := range []string{"contract", "demand", "feedback", "report", "upload"} {
		c := cut[k]
		sum = append(sum, fmt.Sprintf("%s %d acknowledged, cut off %d (%d not written, %d written, %d written without audit row)", k, acked[k], c.absent+c.there+c.unaudited, c.absent, c.there, c.unaudited))
	}
	t.Logf("%d kills of serve with 5 kinds of writes in flight: %s; upload jobs at the kills: %d interrupted, %d complete",
		rounds, strings.Join(sum, ", "), interrupted, complete)
	// The kills must have cut writes off, or the test proved nothing.
	for _, k := range []string{"contract", "demand", "feedback", "report"} {
		if c := cut[k]; c.absent+c.there+c.unaudited < rounds-2 {
			t.Errorf("only %d of %d kills cut a %s off", c.absent+c.there+c.unaudited, rounds, k)
		}
	}
	if interrupted < 2 {
		t.Errorf("only %d upload jobs interrupted by the kills", interrupted)
	}
}

// webWrite is one form POST and what the client got back.
type webWrite struct {
	kind, marker, path string
	round              int
	status             int
	location, body     string
	err                error // no complete answer (the kill cut it off)
	acked              bool  // a complete 2xx/3xx answer
}

type serveChild struct {
	cmd  *exec.Cmd
	base string
	out  *bytes.Buffer
}

// startServe starts `kechuang serve` on a free port and waits until it
// answers /healthz.
func startServe(t *testing.T, dir string) *serveChild {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &serveChild{cmd: child(t, "--data", dir, "serve", "--addr", addr), base: "http://" + addr, out: &bytes.Buffer{}}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.kill(t)
	t.Fatalf("serve did not answer within 20 s:\n%s", s.out.String())
	return nil
}

func (s *serveChild) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("serve had already stopped: %v\n%s", err, s.out.String())
	}
	s.cmd.Wait()
}

type webClient struct {
	base string
	c    *http.Client
}

func newWebClient(base string) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{base: base, c: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type webAnswer struct {
	status         int
	location, body string
	err            error
}

func (c *webClient) do(req *http.Request) webAnswer {
	res, err := c.c.Do(req)
	if err != nil {
		return webAnswer{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body) // complete only if the whole body came
	return webAnswer{res.StatusCode, res.Header.Get("Location"), string(b), err}
}

func (c *webClient) get(path string) webAnswer {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

func (c *webClient) postForm(path string, form url.Values) webAnswer {
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *webClient) signIn(t *testing.T, login, once string) {
	t.Helper()
	res := c.postForm("/login", url.Values{"login": {login}, "password": {once}, "next": {"/"}})
	if res.err != nil || res.status != http.StatusSeeOther || res.location != "/account?must=1" {
		t.Fatalf("sign-in of %s: %d %s %v", login, res.status, res.location, res.err)
	}
	pw := "Crash-safe-pw-2026"
	res = c.postForm("/account", url.Values{"old": {once}, "new": {pw}, "again": {pw}})
	if res.err != nil || res.status != http.StatusSeeOther {
		t.Fatalf("password change of %s: %d %v\n%.2000s", login, res.status, res.err, res.body)
	}
}

func (c *webClient) write(kind, marker, path string, form url.Values) *webWrite {
	return answered(kind, marker, path, c.postForm(path, form))
}

func (c *webClient) upload(kind, marker, path, name, content string, form url.Values) *webWrite {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return answered(kind, marker, path, c.do(req))
}

func answered(kind, marker, path string, a webAnswer) *webWrite {
	return &webWrite{kind: kind, marker: marker, path: path, status: a.status, location: a.location, body: a.body, err: a.err,
		acked: a.err == nil && a.status >= 200 && a.status < 400}
}

// idAfter is the id in the Location of a 303 answer: prefix + id.
func idAfter(t *testing.T, a webAnswer, prefix string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(a.location, prefix), 10, 64)
	if a.err != nil || a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, prefix) || err != nil {
		t.Fatalf("want 303 to %sID, got %d %q %v\n%.2000s", prefix, a.status, a.location, a.err, a.body)
	}
	return id
}

var importNo = regexp.MustCompile(`导入 #(\d+)`)

// checkWebWrites checks the database after a kill (nothing restarted): the
// file's integrity, each write all or nothing, every acknowledged write
// there with its audit row, every successful audit row with its write.
func checkWebWrites(t *testing.T, dir string, round int, writes []*webWrite, demand int64) (stats map[string]*cutStats, jobs uploadJobs) {
	t.Helper()
	stats = map[string]*cutStats{}
	path := filepath.Join(dir, "kechuang.db")
	if err := db.CheckSQLiteFile(context.Background(), path); err != nil {
		t.Fatalf("after kill %d: %v", round+1, err)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	q := func(query string, args ...any) int64 {
		t.Helper()
		var n sql.NullInt64
		if err := d.R.QueryRow(query, args...).Scan(&n); err != nil && err != sql.ErrNoRows {
			t.Fatalf("%s: %v", query, err)
		}
		return n.Int64
	}
	fail := func(w *webWrite, format string, args ...any) {
		t.Helper()
		t.Errorf("after kill %d: %s %s (round %d; answer %d %q, err %v): %s", round+1, w.kind, w.marker, w.round+1, w.status, w.location, w.err, fmt.Sprintf(format, args...))
	}
	var reportRows int64 // rows of one whole filing
	for _, w := range writes {
		var there bool
		switch w.kind {
		case "contract":
			id := q(`SELECT id FROM tech_contracts WHERE reg_no = ?`, w.marker)
			there = id != 0
			if there {
				n := q(`SELECT COUNT(*) FROM tech_contract_deductions WHERE contract_id = ?`, id)
				gap := q(`SELECT c.contract_fen - c.transaction_fen - (SELECT COALESCE(SUM(deducted_fen), 0) FROM tech_contract_deductions WHERE contract_id = c.id) FROM tech_contracts c WHERE c.id = ?`, id)
				if n != 2 || gap != 0 {
					fail(w, "contract with %d of its 2 deductions (value − transaction − deductions = %d)", n, gap)
				}
			}
		case "demand":
			id := q(`SELECT id FROM match_demands WHERE title = ?`, "需求"+w.marker)
			there = id != 0
			if there {
				if q(`SELECT COUNT(*) FROM match_demands WHERE id = ? AND terms IS NOT NULL AND length(terms) > 0`, id) != 1 ||
					q(`SELECT COUNT(*) FROM match_postings WHERE corpus = 'd' AND last_doc >= ?`, id) == 0 {
					fail(w, "demand %d without its terms or postings", id)
				}
				if w.acked && w.location != fmt.Sprintf("/demands/%d", id) {
					fail(w, "answered %s, stored as %d", w.location, id)
				}
			}
		case "feedback":
			there = q(`SELECT COUNT(*) FROM match_feedback WHERE demand_id = ? AND note = ?`, demand, w.marker) == 1
		case "report":
			// The filing's import: found by the values it filed.
			n, _ := strconv.Atoi(w.marker[4:])
			imp := q(`SELECT MAX(r.import_id) FROM reports r JOIN indicators i ON i.id = r.indicator_id
				WHERE i.code = 'rd_expenditure' AND r.year = 2025 AND r.month = 6 AND r.value = ?`, int64(100+n)*1000000) // 万元 in fen
			if w.acked {
				m := importNo.FindStringSubmatch(w.body)
				if m == nil || strconv.FormatInt(imp, 10) != m[1] {
					fail(w, "answered %v, its rows are of import %d", m, imp)
				}
			}
			there = imp != 0
			if there {
				rows := q(`SELECT COUNT(*) FROM reports WHERE import_id = ?`, imp)
				if reportRows == 0 {
					reportRows = rows
				}
				if rows != reportRows || rows < 2 {
					fail(w, "import %d wrote %d report rows, a whole filing %d", imp, rows, reportRows)
				}
			}
		case "upload":
			imp := q(`SELECT id FROM imports WHERE file_name = ?`, "upload-"+w.marker+".csv")
			if w.acked && w.location != fmt.Sprintf("/imports/%d", imp) {
				fail(w, "answered %s, its job is %d", w.location, imp)
			}
			// The job may run on after the answer: its data is all or none.
			rows := q(`SELECT COUNT(*) FROM reports WHERE import_id = ?`, imp)
			if rows != 0 && rows != q(`SELECT COUNT(*) FROM organisations WHERE uscc LIKE '91%'`)*2 {
				fail(w, "import %d wrote %d report rows", imp, rows)
			}
			if w.round == round && imp != 0 {
				if rows == 0 {
					jobs.interrupted++
				} else {
					jobs.complete++
				}
			}
			there = imp != 0 // the job: the answer only says it started
		}
		if w.acked && !there {
			fail(w, "acknowledged, not in the database")
		}
		okAudit := q(`SELECT COUNT(*) FROM audit_log WHERE action = ? AND after_json LIKE ? AND via LIKE 'HTTP 2%' OR action = ? AND after_json LIKE ? AND via LIKE 'HTTP 3%'`,
			"form POST "+auditRoute(w.path), "%"+w.marker+"%", "form POST "+auditRoute(w.path), "%"+w.marker+"%")
		if w.acked && okAudit != 1 {
			fail(w, "acknowledged, %d audit rows", okAudit)
		}
		if okAudit > 0 && !there {
			fail(w, "audited as answered %d times, not in the database", okAudit)
		}
		if w.round != round || w.acked {
			continue
		}
		st := stats[w.kind]
		if st == nil {
			st = &cutStats{}
			stats[w.kind] = st
		}
		switch {
		case !there:
			st.absent++
		case q(`SELECT COUNT(*) FROM audit_log WHERE action = ? AND after_json LIKE ? AND via = 'received'`, "form POST "+auditRoute(w.path), "%"+w.marker+"%") == 0:
			st.unaudited++
			fail(w, "written without the audit row of its request")
		default:
			st.there++
		}
	}
	return stats, jobs
}

// uploadJobs count a round's upload jobs by what the kill left: no rows
// (the job was still reading or writing) or all of them.
type uploadJobs struct{ interrupted, complete int }

// cutStats count the writes a kill cut off: not written, written and
// audited, written without their audit row.
type cutStats struct{ absent, there, unaudited int }

// auditRoute is the route pattern the guard audits a form POST under.
func auditRoute(path string) string {
	if strings.HasPrefix(path, "/demands/") && strings.HasSuffix(path, "/feedback") {
		return "/demands/{id}/feedback"
	}
	return path
}

// checkJobs checks the jobs after a clean restart: none left running, each
// done with its data, each interrupted one without.
func checkJobs(t *testing.T, dir string, firms, interrupted int) {
	t.Helper()
	if n := countRows(t, dir, `SELECT COUNT(*) FROM imports WHERE file_name LIKE 'upload-%' AND status = 'failed' AND message LIKE 'interrupted%'`); n != interrupted {
		t.Errorf("%d upload jobs marked interrupted, %d left no rows at their kill", n, interrupted)
	}
	if n := countRows(t, dir, `SELECT COUNT(*) FROM imports WHERE status = 'running'`); n != 0 {
		t.Errorf("%d jobs still running after a restart", n)
	}
	if n := countRows(t, dir, `SELECT COUNT(*) FROM imports i WHERE i.status = 'failed' AND i.message LIKE 'interrupted%' AND (
		EXISTS (SELECT 1 FROM reports r WHERE r.import_id = i.id) OR EXISTS (SELECT 1 FROM tech_contracts c WHERE c.import_id = i.id))`); n != 0 {
		t.Errorf("%d jobs marked interrupted hold data", n)
	}
	if n := countRows(t, dir, `SELECT COUNT(*) FROM imports i WHERE i.status = 'done' AND i.kind = 'ledger-contracts' AND NOT EXISTS (SELECT 1 FROM tech_contracts c WHERE c.import_id = i.id)`); n != 0 {
		t.Errorf("%d contract entries done without their contract", n)
	}
	if n := countRows(t, dir, `SELECT COUNT(*) FROM imports i WHERE i.status = 'done' AND i.file_name LIKE 'upload-%' AND (SELECT COUNT(*) FROM reports r WHERE r.import_id = i.id) <> ?`, 2*firms); n != 0 {
		t.Errorf("%d uploads done without all their rows", n)
	}
}
