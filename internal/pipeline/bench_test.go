package pipeline

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/qualify"
)

// demoRecords are 20,000 demo firms as screening reads them (titles,
// supplied facts), without a database.
func demoRecords(b *testing.B) []model.FirmRecord {
	d, err := demo.Generate(demo.Options{Firms: 20000, Months: 2, Year: 2026, Seed: 1}, []string{"a", "b"})
	if err != nil {
		b.Fatal(err)
	}
	facts := map[string][]byte{}
	for _, f := range d.Facts {
		facts[f.USCC] = f.JSON
	}
	recs := make([]model.FirmRecord, len(d.Firms))
	for i, f := range d.Firms {
		recs[i] = model.FirmRecord{OrgID: int64(i + 1), USCC: f.USCC, Name: f.Name, RegisteredOn: f.RegisteredOn,
			Nodes: []string{"fuling", f.Memberships[0].NodeCode}, Recognitions: f.Recognitions, Supplied: facts[f.USCC], SuppliedOn: "2026-05-31"}
	}
	return recs
}

// BenchmarkScreenEveryRuleSet screens every demo firm against every rule
// set (高企, 科技型中小企业, 创新型, 专精特新, 小巨人: five firm-assessments a
// firm) on all CPUs, from derived facts; the target is ≥ 100,000
// firm-assessments per second.
// Run: go test -run x -bench ScreenEveryRuleSet -benchtime 5x ./internal/pipeline/
func BenchmarkScreenEveryRuleSet(b *testing.B) {
	day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	s := Build(demoRecords(b), day, day)
	workers := runtime.GOMAXPROCS(0)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		counts := make([]int, workers)
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(s.Firms); i += workers {
					counts[w] += len(qualify.Screen(s.Firms[i].Facts))
				}
			})
		}
		wg.Wait()
		n = 0
		for _, c := range counts {
			n += c
		}
	}
	if n != 5*len(s.Firms) {
		b.Fatalf("%d assessments for %d firms", n, len(s.Firms))
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "assessments/s")
}

// BenchmarkBuild derives facts (with the supplied JSON) and screens each
// demo firm for its next rung: the snapshot work after reading the database.
func BenchmarkBuild(b *testing.B) {
	recs := demoRecords(b)
	day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for b.Loop() {
		Build(recs, day, day)
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "firms/s")
}
