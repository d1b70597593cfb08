package importer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/sheet"
	"github.com/kechuang/kechuang/internal/uscc"
)

// testUSCC returns a valid code (GB 32100-2015 check character) for n.
func testUSCC(n int) string {
	const cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	b := []byte("91500102MA0000000")
	for i := len(b) - 1; i >= 10 && n > 0; i-- {
		b[i] = cs[n%31]
		n /= 31
	}
	c, err := uscc.CheckChar(string(b))
	if err != nil {
		panic(err)
	}
	return string(b) + string(c)
}

// writeReportWorkbook writes an xlsx report file of n rows: code, name,
// period and six figures. Every bad-th row (0 = none) has a wrong check
// character.
func writeReportWorkbook(path string, n, bad int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	hdr := []any{"统一社会信用代码", "企业名称", "报告期", "营业收入（万元）", "上年同期营业收入（万元）",
		"研发投入（万元）", "上年同期研发投入（万元）", "从业人员", "专利申请数"}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	row := make([]any, len(hdr))
	for r := 1; r <= n; r++ {
		code := testUSCC(r)
		if bad > 0 && r%bad == 0 {
			code = code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']
		}
		row[0], row[1], row[2] = code, fmt.Sprintf("测试企业%06d有限公司", r), "2023年1-8月"
		row[3], row[4] = float64(r%9000)+0.5, float64(r%8000)+0.25
		row[5], row[6] = float64(r%700)+0.75, float64(r%600)+0.5
		row[7], row[8] = r%500+1, r%20
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// ReadFile gives what Open + Read give, and WriteErrorWorkbookFile the
// same workbook as WriteErrorWorkbook.
func TestReadFileMatchesRead(t *testing.T) {
	nodes, inds := fulingNodesAndIndicators(t)
	xlsx := filepath.Join(t.TempDir(), "report.xlsx")
	if err := writeReportWorkbook(xlsx, 300, 37); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{xlsx, cases + "csv/enterprises_gbk.csv", cases + "csv/enterprises_utf8_bom.csv"} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			o := Options{Year: 2023, Month: 8}
			tables, err := sheet.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Read(tables, nodes, inds, o)
			if err != nil {
				t.Fatal(err)
			}
			got, layout, err := ReadFile(p, nodes, inds, o)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ReadFile differs from Read:\n got %d firms, %d reports, %d errors, notes %q\nwant %d firms, %d reports, %d errors, notes %q",
					len(got.Firms), len(got.Reports), len(got.Errors), got.Notes, len(want.Firms), len(want.Reports), len(want.Errors), want.Notes)
			}
			if len(want.Errors) == 0 {
				t.Error("no row errors: the case checks nothing")
			}
			if len(layout) != len(tables) || len(layout[0].Rows) != 0 || !reflect.DeepEqual(layout[0].Columns, tables[0].Columns) ||
				!reflect.DeepEqual(layout[0].Notes, tables[0].Notes) {
				t.Errorf("layout tables differ: %+v", layout[0])
			}
			var a, b bytes.Buffer
			if err := WriteErrorWorkbook(&a, tables, want.Errors); err != nil {
				t.Fatal(err)
			}
			if err := WriteErrorWorkbookFile(&b, p, got.Errors); err != nil {
				t.Fatal(err)
			}
			ra, rb := workbookRows(t, a.Bytes()), workbookRows(t, b.Bytes())
			if !reflect.DeepEqual(ra, rb) {
				t.Errorf("error workbooks differ")
			}
			if n := len(ra); n != want.Rows+1 {
				t.Errorf("error workbook has %d rows, want %d", n, want.Rows+1)
			}
		})
	}
}

func workbookRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

const benchRows = 200000

var (
	benchOnce sync.Once
	benchFile string
	benchErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchFile != "" {
		os.RemoveAll(filepath.Dir(benchFile))
	}
	os.Exit(code)
}

// benchWorkbook writes, once per test binary run, the 200,000-row report
// workbook (9 columns, valid codes).
func benchWorkbook(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "importer-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchFile = filepath.Join(dir, "reports.xlsx")
		benchErr = writeReportWorkbook(benchFile, benchRows, 0)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchFile
}

// peakHeap samples HeapInuse every 10 ms until stopped; stop returns the
// peak in MiB.
func peakHeap() (stop func() float64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() float64 { close(done); wg.Wait(); return float64(peak.Load()) / (1 << 20) }
}

// BenchmarkImportXLSX measures ReadFile on the 200,000-row report workbook
// (800,000 reports result); compare rows/s with BenchmarkImportExcelizeRows.
func BenchmarkImportXLSX(b *testing.B) {
	p := benchWorkbook(b)
	nodes, inds := fulingNodesAndIndicators(b)
	runtime.GC()
	stop := peakHeap()
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		res = nil
		var err error
		res, _, err = ReadFile(p, nodes, inds, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != benchRows || len(res.Errors) != 0 || len(res.Reports) != 4*benchRows {
			b.Fatalf("%d rows, %d errors (%v), %d reports", res.Rows, len(res.Errors), res.Errors[:min(3, len(res.Errors))], len(res.Reports))
		}
	}
	b.StopTimer()
	peak := stop()
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(peak, "peak-MiB")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("ReadFile: peak heap in use %.1f MiB; Result of %d reports live after GC: %.1f MiB heap", peak, len(res.Reports), float64(ms.HeapAlloc)/(1<<20))
	runtime.KeepAlive(res)
}

// BenchmarkImportExcelizeRows is the baseline: bare excelize Rows() with
// Columns() over the same report workbook, keeping nothing.
func BenchmarkImportExcelizeRows(b *testing.B) {
	p := benchWorkbook(b)
	runtime.GC()
	stop := peakHeap()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := excelize.OpenFile(p)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
		f.Close()
		if n != benchRows+1 {
			b.Fatalf("%d rows", n)
		}
	}
	b.StopTimer()
	peak := stop()
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(peak, "peak-MiB")
}

// BenchmarkReadFileRSS imports $IMPORT_FILE with ReadFile (skipped when unset);
// with $IMPORT_WRITE_BENCH set it first writes the 200,000-row report
// workbook there. For measuring the process RSS with /usr/bin/time -v.
func BenchmarkReadFileRSS(b *testing.B) {
	if p := os.Getenv("IMPORT_WRITE_BENCH"); p != "" {
		if err := writeReportWorkbook(p, benchRows, 0); err != nil {
			b.Fatal(err)
		}
		return
	}
	p := os.Getenv("IMPORT_FILE")
	if p == "" {
		b.Skip("IMPORT_FILE not set")
	}
	nodes, inds := fulingNodesAndIndicators(b)
	res, _, err := ReadFile(p, nodes, inds, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d rows, %d reports, %d errors", res.Rows, len(res.Reports), len(res.Errors))
}
