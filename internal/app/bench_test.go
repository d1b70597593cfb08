package app_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/demo"
)

// BenchmarkImportCSV measures a whole report import — read the CSV, check
// every cell, write in one transaction — of KECHUANG_BENCH_ROWS firm rows
// (default 50000) with 4 indicators and their 同期数 each, into SQLite.
// Run: go test -run x -bench ImportCSV -benchtime 3x ./internal/app/
func BenchmarkImportCSV(b *testing.B) {
	rows := 50000
	if v := os.Getenv("KECHUANG_BENCH_ROWS"); v != "" {
		rows, _ = strconv.Atoi(v)
	}
	ctx := context.Background()
	dir := b.TempDir()
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.Seed = dir, "", true
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	v, _ := a.View(ctx, "")
	d, err := demo.Generate(demo.Options{Firms: rows, Months: 2, Year: 2020, Seed: 1}, []string{"baitao", "huigu-lake", "fl-htz"})
	if err != nil {
		b.Fatal(err)
	}
	id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "bench registry", "", time.Now())
	if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2020-01-01"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var values int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// A fresh period each round, so every round writes.
		path := filepath.Join(dir, fmt.Sprintf("report-%d.csv", i))
		writeReportCSV(b, path, d, 2021+i)
		b.StartTimer()
		out, err := a.Import(ctx, v, app.ImportRequest{Path: path, Name: filepath.Base(path), AsOf: "2021-08-31"})
		if err != nil {
			b.Fatal(err)
		}
		values = out.Reports.Written
	}
	b.StopTimer()
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(rows)/perOp, "firm-rows/s")
	b.ReportMetric(float64(values)/perOp, "report-values/s")
}

func writeReportCSV(b testing.TB, path string, d demo.Data, year int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"统一社会信用代码", "企业名称", "报告期", "营业收入（万元）", "上年同期营业收入（万元）", "研发投入（万元）", "上年同期研发投入（万元）", "从业人员", "专利申请数"})
	for i, firm := range d.Firms {
		w.Write([]string{firm.USCC, firm.Name, fmt.Sprintf("%d年1-8月", year),
			fmt.Sprintf("%d.%02d", 1000+i%9000, i%100), fmt.Sprintf("%d.%02d", 900+i%8000, i%100),
			fmt.Sprintf("%d.%02d", 30+i%300, i%100), fmt.Sprintf("%d.%02d", 25+i%250, i%100),
			strconv.Itoa(10 + i%500), strconv.Itoa(i % 20)})
	}
	w.Flush()
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
