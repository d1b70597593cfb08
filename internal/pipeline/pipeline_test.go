package pipeline

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/qualify"
)

var day = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

func fig(ind string, y, m int, v string) model.Figure {
	return model.Figure{Indicator: ind, Year: y, Month: m, Value: decimal.RequireFromString(v)}
}

func TestDeriveFromRegistryReportsAndSupplied(t *testing.T) {
	rec := model.FirmRecord{USCC: "91500102MA6000001J", Name: "测试一", RegisteredOn: "2018-05-06",
		Recognitions: []model.Recognition{
			{Name: model.HighTechEnterprise, Granted: "2023-11-20", ValidUntil: "2026-11-19"},
			{Name: model.InnovativeSME, Granted: "2024-06-01", ValidUntil: "2027-05-31"},
			{Name: model.SpecialisedSME, Granted: "2020-01-01", ValidUntil: "2022-12-31"}, // expired
		},
		Figures: []model.Figure{
			fig("operating_revenue", 2025, 12, "30000000"), fig("operating_revenue", 2024, 12, "25000000.50"),
			fig("operating_revenue", 2025, 8, "19000000"), // a 1–8月 figure is not an annual one
			fig("employees", 2024, 12, "99"), fig("st_staff", 2024, 12, "9"), fig("rd_staff", 2025, 12, "11"),
		},
		Supplied:   []byte(`{"uscc":"91500102MA6000001J","high_tech":{"IPClassI":2},"tech_sme":{"Staff":120},"gradient":{"ClassI":3}}`),
		SuppliedOn: "2026-05-10",
	}
	for m := 1; m <= 12; m++ {
		rec.Figures = append(rec.Figures, fig("employees", 2025, m, decimal.NewFromInt(int64(99+m)).String()))
		if m != 1 { // S&T staff: January not reported, so no monthly average
			rec.Figures = append(rec.Figures, fig("st_staff", 2025, m, "12"))
		}
	}
	held := [LittleGiant + 1]bool{HighTech: true}
	f, prov := Derive(rec, held, day)
	prov = (&Firm{Provenance: prov, Supplied: rec.Supplied, SuppliedOn: rec.SuppliedOn}).Sources()
	ht, sme, gr := f.HighTech, f.TechSME, f.Gradient
	if got := ht.RegisteredOn.Format(time.DateOnly); got != "2018-05-06" {
		t.Errorf("RegisteredOn = %s", got)
	}
	if !ht.ApplyOn.Equal(day) || !gr.AssessedOn.Equal(day) {
		t.Errorf("assessment dates %v %v, want the day", ht.ApplyOn, gr.AssessedOn)
	}
	if len(ht.StaffMonthly) != 12 || ht.StaffMonthly[0].Start.String() != "99" || ht.StaffMonthly[0].End.String() != "100" || ht.StaffMonthly[11].End.String() != "111" {
		t.Errorf("StaffMonthly = %v", ht.StaffMonthly)
	}
	if ht.STStaffMonthly != nil {
		t.Errorf("STStaffMonthly derived without January: %v", ht.STStaffMonthly)
	}
	if sme.Sales == nil || sme.Sales.String() != "30000000" || gr.Revenue2 == nil || gr.Revenue2.String() != "25000000.5" || gr.Revenue3 != nil {
		t.Errorf("revenues: sales %v, Y-2 %v, Y-3 %v", sme.Sales, gr.Revenue2, gr.Revenue3)
	}
	// Supplied overrides derived (Staff 111 from the December report → 120)
	// and adds (IP counts); derived facts not supplied stay.
	if *sme.Staff != 120 || *ht.IPClassI != 2 || *gr.ClassI != 3 || sme.STStaff == nil || *sme.STStaff != 12 {
		t.Errorf("staff %v, IP %v/%v, st %v", *sme.Staff, *ht.IPClassI, *gr.ClassI, sme.STStaff)
	}
	if want := "0.0990990990990991"; gr.RDStaffShare == nil || gr.RDStaffShare.String() != want {
		t.Errorf("RDStaffShare = %v, want %s (11/111)", gr.RDStaffShare, want)
	}
	if !sme.ValidHTE || !gr.ValidHTE || !*gr.TechInnovSME || *gr.SpecialisedTitle {
		t.Errorf("titles: HTE %v/%v innov %v srdi %v", sme.ValidHTE, gr.ValidHTE, *gr.TechInnovSME, *gr.SpecialisedTitle)
	}
	var sources []string
	for _, p := range prov {
		sources = append(sources, p.Fact+"="+p.Value+"@"+p.Source)
	}
	all := strings.Join(sources, "\n")
	for _, want := range []string{
		"营业收入（2025年）=30000000.00元@企业月报 2025年1—12月",
		"职工总数（2025年末）=111人@企业月报 2025年1—12月 从业人员期末人数",
		"有效Ⅰ类知识产权（high_tech.IPClassI）=2@企业补充报送（2026-05-10）",
		"有效Ⅰ类知识产权（gradient.ClassI）=3@企业补充报送（2026-05-10）",
		"有效期内专精特新中小企业=否@登记库（2026-06-30有效的称号）",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("provenance lacks %q:\n%s", want, all)
		}
	}
}

// htSupplied is the high_tech facts of docs/examples/firms.json with the
// S&T staff average and the latest year's internal R&D given.
func htSupplied(stStaff, rd2025 string) []byte {
	return []byte(`{"high_tech":{"RegisteredOn":"2019-05-20T00:00:00Z","IPClassI":1,"IPClassII":6,"CoreTechInFields":true,
		"StaffAvg":"120","STStaffAvg":"` + stStaff + `","Years":[
		{"Year":2023,"Sales":"90000000","RDInternal":"2600000","RDOther":"200000","EntrustedDomestic":"300000","EntrustedForeign":"0","NetAssets":"40000000"},
		{"Year":2024,"Sales":"110000000","RDInternal":"3000000","RDOther":"300000","EntrustedDomestic":"400000","EntrustedForeign":"0","NetAssets":"46000000"},
		{"Year":2025,"Sales":"130000000","RDInternal":"` + rd2025 + `","RDOther":"300000","EntrustedDomestic":"500000","EntrustedForeign":"0","NetAssets":"55000000"}],
		"TotalRevenue":"132000000","NonTaxableRevenue":"2000000","HTRevenue":"84000000",
		"InnovationScore":{"IPAdvancement":"B","IPCoreSupport":"B","OwnRD":true,"Standards":false,"ConversionsAvg":"4"},"SeriousIncident":false}}`)
}

func TestSnapshotFunnelAndCandidates(t *testing.T) {
	tsme := model.Recognition{Name: model.TechBasedSME, Granted: "2026-03-01", ValidUntil: "2027-02-28"}
	hte := func(granted, until string) model.Recognition {
		return model.Recognition{Name: model.HighTechEnterprise, Granted: granted, ValidUntil: until}
	}
	recs := []model.FirmRecord{
		// Example firm: C4 and C5 fail.
		{USCC: "A", Name: "甲", Nodes: []string{"district", "zone"}, Recognitions: []model.Recognition{tsme}, Supplied: htSupplied("11", "3300000")},
		// C4 and C5 pass: only the experts' C7 range is open.
		{USCC: "B", Name: "乙", Nodes: []string{"district", "zone"}, Recognitions: []model.Recognition{tsme}, Supplied: htSupplied("12", "6000000")},
		// C4 passes, C5 fails: one condition short.
		{USCC: "C", Name: "丙", Nodes: []string{"district", "carrier"}, Recognitions: []model.Recognition{tsme}, Supplied: htSupplied("12", "3300000")},
		// A high-tech enterprise whose certificate expires within a year.
		{USCC: "D", Name: "丁", Nodes: []string{"district", "zone"}, Recognitions: []model.Recognition{tsme, hte("2023-11-20", "2026-11-19")}},
		// Renewed: the new certificate supersedes the expiring one.
		{USCC: "E", Name: "戊", Nodes: []string{"district"}, Recognitions: []model.Recognition{hte("2023-07-01", "2026-06-30"), hte("2026-06-01", "2029-05-31")}},
		// Impossible facts: not screened.
		{USCC: "F", Name: "己", Nodes: []string{"district"}, Recognitions: []model.Recognition{tsme}, Supplied: []byte(`{"high_tech":{"TotalRevenue":"-5"}}`)},
		// No title.
		{USCC: "G", Name: "庚", Nodes: []string{"district", "carrier"}},
	}
	s := Build(recs, day, day)
	fn := s.Funnel("district")
	if fn.Firms != 7 || fn.Held[TechSME] != 5 || fn.Held[HighTech] != 2 || fn.Top[NoTier] != 1 || fn.Top[TechSME] != 4 || fn.Top[HighTech] != 2 {
		t.Errorf("district funnel %+v", fn)
	}
	if fn.Expiring != 1 || fn.Unscreened != 1 {
		t.Errorf("expiring %d, unscreened %d; want 1, 1", fn.Expiring, fn.Unscreened)
	}
	if fn.Near[HighTech] != 2 {
		t.Errorf("near high-tech = %d, want 2 (乙 and 丙)", fn.Near[HighTech])
	}
	if z := s.Funnel("zone"); z.Firms != 3 || z.Near[HighTech] != 1 || z.Expiring != 1 {
		t.Errorf("zone funnel %+v", z)
	}
	cs := s.Candidates("", HighTech, false)
	var order []string
	for _, c := range cs {
		order = append(order, c.USCC)
	}
	if got := strings.Join(order, ","); got != "B,C,A" {
		t.Fatalf("candidate order %s, want B,C,A (nearest first)", got)
	}
	b, c := cs[0].Next, cs[1].Next
	if b.Result.Verdict != qualify.Undetermined || b.Failed != 0 || b.Open != 1 {
		t.Errorf("乙: %s failed %d open %d", b.Result.Verdict, b.Failed, b.Open)
	}
	if c.Failed != 1 || !strings.HasPrefix(c.Gap(), "研究开发费用占比：近三年研发费用合计还需增加") {
		t.Errorf("丙 gap %q", c.Gap())
	}
	if near := s.Candidates("", HighTech, true); len(near) != 2 {
		t.Errorf("near candidates %d, want 2", len(near))
	}
	if ex := s.Expiring("zone"); len(ex) != 1 || ex[0].USCC != "D" || ex[0].HTExpires != "2026-11-19" {
		t.Errorf("expiring %v", ex)
	}
	if f, ok := s.Firm("F"); !ok || f.Next != nil || len(f.FactErrors) != 1 || f.FactErrors[0].Field != "high_tech.TotalRevenue" {
		t.Errorf("firm F: %+v", f)
	}
	if g, _ := s.Firm("G"); g.Next == nil || g.Next.To != TechSME {
		t.Errorf("firm G screened for %v", g.Next)
	}
}

func TestGapNamesOpenConditions(t *testing.T) {
	s := Build([]model.FirmRecord{{USCC: "B", Name: "乙", Nodes: []string{"d"},
		Recognitions: []model.Recognition{{Name: model.TechBasedSME, Granted: "2026-03-01", ValidUntil: "2027-02-28"}},
		Supplied:     htSupplied("12", "6000000")}}, day, day)
	want := "待定：企业创新能力评价（缺少研究开发组织管理水平各项得分（专家评定））"
	if got := s.Firms[0].Next.Gap(); got != want {
		t.Errorf("gap %q, want %q", got, want)
	}
}
