package demo

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/kechuang/kechuang/internal/model"
)

// Supplied is one firm's generated screening facts: a JSON object in the
// shape of one firm of a facts file (docs/screening.md), only the facts
// given.
type Supplied struct {
	USCC string
	JSON []byte
}

// Ladder titles, among the firms (calibrated loosely to the article: the
// Baitao city has 14 high-tech enterprises, 14 municipal 专精特新 and 2
// national 小巨人 firms).
const (
	pTechSME     = 0.70 // 科技型中小企业 registered this year
	pInnovative  = 0.25 // 创新型中小企业
	pSpecialised = 0.30 // of high-tech enterprises
	pLittleGiant = 0.15 // of 专精特新
	pSupplies    = 0.60 // firms that supplied screening facts
)

// ladder adds the cultivation-ladder titles (科技型中小企业 this year,
// 专精特新 and 小巨人 among high-tech enterprises) to f and generates the
// screening facts a firm would supply (IP counts, the 高企 R&D breakdown,
// the gradient facts), scaled from its annual revenue, R&D and staff so
// that some firms qualify, some are near and some are far. It draws from
// its own random stream r, so the reports stay as before.
func ladder(r *rand.Rand, f *model.Firm, year int, rev, rd, emp float64) *Supplied {
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	hte := len(f.Recognitions) > 0
	if r.Float64() < pTechSME && emp <= 500 {
		g := date(year, 3+r.IntN(3), 1+r.IntN(28))
		f.Recognitions = append(f.Recognitions, model.Recognition{Name: model.TechBasedSME, Level: "national",
			Granted: g.Format(time.DateOnly), ValidUntil: g.AddDate(1, 0, -1).Format(time.DateOnly),
			CertificateNo: fmt.Sprintf("%d500102%05d", year, r.IntN(100000))})
	}
	if r.Float64() < pInnovative {
		g := date(year-1-r.IntN(2), 6+r.IntN(6), 1+r.IntN(28))
		f.Recognitions = append(f.Recognitions, model.Recognition{Name: model.InnovativeSME, Level: "municipal",
			Granted: g.Format(time.DateOnly), ValidUntil: g.AddDate(3, 0, -1).Format(time.DateOnly)})
	}
	if hte && r.Float64() < pSpecialised {
		g := date(year-1-r.IntN(2), 6+r.IntN(6), 1+r.IntN(28))
		f.Recognitions = append(f.Recognitions, model.Recognition{Name: model.SpecialisedSME, Level: "municipal",
			Granted: g.Format(time.DateOnly), ValidUntil: g.AddDate(3, 0, -1).Format(time.DateOnly)})
		if r.Float64() < pLittleGiant {
			g := date(year-1, 7+r.IntN(3), 1+r.IntN(28))
			f.Recognitions = append(f.Recognitions, model.Recognition{Name: model.LittleGiant, Level: "national",
				Granted: g.Format(time.DateOnly), ValidUntil: g.AddDate(3, 0, -1).Format(time.DateOnly)})
		}
	}
	if r.Float64() >= pSupplies {
		return nil
	}
	money := func(v float64) string { return fmt.Sprintf("%.2f", math.Max(v, 0)) }
	vary := func(spread float64) float64 { return 1 + (r.Float64()*2-1)*spread }
	// Three accounting years, oldest first, growing towards this year.
	growth := 0.05 + r.Float64()*0.25
	var years []map[string]any
	var sales [3]float64
	for i := 0; i < 3; i++ {
		y := year - 3 + i
		k := math.Pow(1+growth, float64(i-3))
		sales[i] = rev * k
		rdY := rd * k * vary(0.5) // R&D intensity spread around the firm's
		years = append(years, map[string]any{"Year": y, "Sales": money(sales[i]),
			"RDInternal": money(rdY * 0.8), "RDOther": money(rdY * 0.08), "EntrustedDomestic": money(rdY * 0.12), "EntrustedForeign": "0",
			"NetAssets": money(sales[i] * 0.45 * vary(0.2))})
	}
	ipI, ipII := r.IntN(4), r.IntN(9)
	if hte {
		ipI = r.IntN(9)
	}
	stShare := stShare * vary(0.4)
	letters := []string{"A", "B", "B", "C", "C", "D"}
	ht := map[string]any{
		"IPClassI": ipI, "IPClassII": ipII, "CoreTechInFields": r.Float64() < 0.85,
		"StaffAvg": fmt.Sprintf("%.0f", emp), "STStaffAvg": fmt.Sprintf("%.0f", math.Floor(emp*stShare)),
		"Years": years, "TotalRevenue": money(sales[2] * 1.02), "NonTaxableRevenue": money(sales[2] * 0.01),
		"HTRevenue": money(sales[2] * (0.45 + r.Float64()*0.4)), "SeriousIncident": r.Float64() < 0.02,
		"InnovationScore": map[string]any{"IPAdvancement": letters[r.IntN(len(letters))], "IPCoreSupport": letters[r.IntN(len(letters))],
			"OwnRD": r.Float64() < 0.8, "Standards": r.Float64() < 0.3, "ConversionsAvg": fmt.Sprint(r.IntN(6))},
	}
	sme := map[string]any{"Resident": true, "NotRestricted": true, "CleanRecord": r.Float64() < 0.97,
		"Staff": int(emp), "STStaff": int(math.Floor(emp * stShare)), "Sales": money(sales[2]),
		"TotalAssets": money(sales[2] * (0.8 + r.Float64())), "TotalCosts": money(sales[2] * 0.9), "RD": money(rd), "ClassI": ipI, "ClassII": ipII}
	gr := map[string]any{
		"Revenue": money(sales[2]), "Revenue2": money(sales[1]), "Revenue3": money(sales[0]),
		"MainRevenue": money(sales[2] * (0.7 + r.Float64()*0.3)), "MainRevenue2": money(sales[1] * 0.9),
		"DebtRatio": fmt.Sprintf("%.4f", 0.3+r.Float64()*0.5), "RD": money(rd * vary(0.5)), "RD2": money(rd / (1 + growth) * vary(0.5)),
		"ClassI": ipI, "ClassISelf": ipI, "ClassII": ipII, "NicheYears": 1 + r.IntN(10), "PlatformScore": 40 + r.IntN(60),
		"NicheMarketShare": fmt.Sprintf("%.4f", r.Float64()*0.2), "MarketRankHigh": r.Float64() < 0.4,
		"LeadProductStrategic": r.Float64() < 0.6, "LeadProductBasics": r.Float64() < 0.3,
		"HasRDInstitution": r.Float64() < 0.5, "OwnBrand": r.Float64() < 0.6,
	}
	b, err := json.Marshal(map[string]any{"high_tech": ht, "tech_sme": sme, "gradient": gr})
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	return &Supplied{USCC: f.USCC, JSON: b}
}
