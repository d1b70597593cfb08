package qualify

import "testing"

func BenchmarkScreenTechSME(b *testing.B) {
	f := grTT1()
	b.ReportAllocs()
	for b.Loop() {
		_ = ScreenTechSME(f)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
}

// BenchmarkScreenGradient screens one firm against all four gradient rule
// sets per iteration (2026 regime plus the 2022 专精特新 score).
func BenchmarkScreenGradient(b *testing.B) {
	s, g, n, old := grTSRDI(), grTGiant(), grTInnov(), grTSRDI22()
	b.ReportAllocs()
	for b.Loop() {
		_ = ScreenSpecialised(s)
		_ = ScreenLittleGiant(g)
		_ = ScreenInnovativeSME(n)
		_ = ScreenSpecialised(old)
	}
	b.ReportMetric(float64(4*b.N)/b.Elapsed().Seconds(), "assessments/s")
}
