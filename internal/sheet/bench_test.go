package sheet

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const benchRows, benchCols = 200000, 10

var (
	benchOnce sync.Once
	benchDir  string
	benchFile string
	benchErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchWorkbook writes, once per test binary run, a 200,000-row ×
// 10-column xlsx with excelize's StreamWriter: a header row, then a text
// label and nine numbers per row.
func benchWorkbook(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "sheet-bench-")
		if benchErr != nil {
			return
		}
		f := excelize.NewFile()
		defer f.Close()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			benchErr = err
			return
		}
		hdr := make([]any, benchCols)
		hdr[0] = "企业名称"
		for c := 1; c < benchCols; c++ {
			hdr[c] = fmt.Sprintf("指标%d（万元）", c)
		}
		if benchErr = sw.SetRow("A1", hdr); benchErr != nil {
			return
		}
		row := make([]any, benchCols)
		for r := 2; r <= benchRows+1; r++ {
			row[0] = fmt.Sprintf("测试企业%06d有限公司", r)
			for c := 1; c < benchCols; c++ {
				row[c] = float64(r*c) + 0.25
			}
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if benchErr = sw.SetRow(cell, row); benchErr != nil {
				return
			}
		}
		if benchErr = sw.Flush(); benchErr != nil {
			return
		}
		benchFile = filepath.Join(benchDir, "big.xlsx")
		benchErr = f.SaveAs(benchFile)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchFile
}

// peakHeap samples HeapInuse every 10 ms until stopped and returns the
// peak.
func peakHeap() (stop func() uint64) {
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
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

func reportMem(b *testing.B, what string, stop func() uint64) {
	peak := stop()
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("%s: peak heap in use %.1f MiB, Sys %.1f MiB (runtime.MemStats)", what, float64(peak)/(1<<20), float64(ms.Sys)/(1<<20))
}

// BenchmarkReadXLSX measures Open (both streaming passes and layout
// analysis) on the 200,000 × 10 workbook.
func BenchmarkReadXLSX(b *testing.B) {
	p := benchWorkbook(b)
	runtime.GC()
	stop := peakHeap()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ts, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(ts[0].Rows); n != benchRows {
			b.Fatalf("%d rows", n)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	reportMem(b, "Open", stop)
}

// BenchmarkExcelizeRows is the baseline: bare excelize streaming Rows()
// with Columns() over the same file, keeping nothing.
func BenchmarkExcelizeRows(b *testing.B) {
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
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	reportMem(b, "excelize Rows()", stop)
}

// BenchmarkStreamXLSX measures Stream (the same passes and layout analysis
// as Open, rows passed one at a time and not kept) on the 200,000 × 10
// workbook: compare rows/s and peak-MiB with BenchmarkExcelizeRows.
func BenchmarkStreamXLSX(b *testing.B) {
	p := benchWorkbook(b)
	runtime.GC()
	stop := peakHeap()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, cells := 0, 0
		err := Stream(p, func(t *Table, r *Row) error {
			if r != nil {
				n++
				cells += len(r.Cells)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if n != benchRows || cells != benchRows*benchCols {
			b.Fatalf("%d rows, %d cells", n, cells)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	reportMem(b, "Stream", stop)
}

// BenchmarkStreamFileRSS streams $SHEET_STREAM_FILE (skipped when unset); with
// $SHEET_WRITE_BENCH set it first writes the 200,000 × 10 bench workbook
// there. For measuring the process RSS: go test -c, then
// /usr/bin/time -v ./sheet.test -test.run x -test.bench StreamFileRSS -test.benchtime 1x.
func BenchmarkStreamFileRSS(b *testing.B) {
	if p := os.Getenv("SHEET_WRITE_BENCH"); p != "" {
		src := benchWorkbook(b)
		data, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		return
	}
	p := os.Getenv("SHEET_STREAM_FILE")
	if p == "" {
		b.Skip("SHEET_STREAM_FILE not set")
	}
	n := 0
	if err := Stream(p, func(_ *Table, r *Row) error {
		if r != nil {
			n++
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("%d rows streamed; runtime Sys %.1f MiB", n, float64(ms.Sys)/(1<<20))
}
