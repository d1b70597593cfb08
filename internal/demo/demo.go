// Package demo generates a synthetic, clearly marked registry and monthly
// reports for demonstrations and benchmarks, calibrated to Fuling's published
// totals for January–August 2022: about 1266 tech-based firms, 151 high-tech
// enterprises, and R&D summing near 24.02亿元 (2,402,000,000 yuan) with a
// same-basis growth near 15.6%. Every firm's name ends in （演示） and its
// credit code carries a valid GB 32100-2015 check character.
package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/uscc"
)

// Options size a generated dataset.
type Options struct {
	Firms  int   // number of firms (Fuling: 1266 tech-based firms)
	Months int   // months reported, 2–12: 1–2月 (reported together), 1–3月 … 1–Months月
	Year   int   // reporting year
	Seed   int64 // same seed, same data
}

// Calibration: Fuling, 1—8月 2022 (article-2022).
const (
	fulingFirms       = 1266
	fulingHighTech    = 151
	fulingRDJanAug    = 2402000000 // yuan
	fulingGrowth      = 0.156
	rdIntensity       = 0.03 // R&D / operating revenue, typical of the district's industry
	employeesPerFirm  = 120
	stShare           = 0.12
	patentAppsPerYear = 6
)

// Data is a generated registry and its reports.
type Data struct {
	Firms   []model.Firm
	Reports []model.Report
	// Facts are the screening facts some firms supplied (see ladder).
	Facts []Supplied
}

// Generate makes the data. Firms are placed in the given leaf nodes (codes)
// at random with equal weight; a firm is a high-tech enterprise with
// probability 151/1266, with a certificate issued in the three years before
// the reporting year. Values are in yuan with at most two decimals.
func Generate(o Options, leaves []string) (Data, error) {
	if o.Firms <= 0 || o.Months < 2 || o.Months > 12 || len(leaves) == 0 {
		return Data{}, fmt.Errorf("demo: need firms > 0, months 2–12 and at least one node (have %d, %d, %d)", o.Firms, o.Months, len(leaves))
	}
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x6b656368))
	lr := rand.New(rand.NewPCG(uint64(o.Seed), 0x66616374)) // titles and facts
	// Scale R&D so that 1–8月 sums near Fuling's total for 1266 firms.
	meanAnnualRD := float64(fulingRDJanAug) / fulingFirms * 12 / 8
	var d Data
	for i := 0; i < o.Firms; i++ {
		code, err := creditCode(i)
		if err != nil {
			return Data{}, err
		}
		above := r.Float64() < 0.6
		f := model.Firm{
			USCC:         code,
			Name:         fmt.Sprintf("重庆涪陵演示企业%05d有限公司（演示）", i+1),
			RegisteredOn: time.Date(2005+r.IntN(17), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
			IndustryCode: []string{"C2614", "C2651", "C2710", "C3670", "C3841", "C1469"}[r.IntN(6)],
			AboveScale:   &above,
			SizeClass:    []string{"大型", "中型", "小型", "小型", "微型"}[r.IntN(5)],
			Memberships:  []model.Membership{{NodeCode: leaves[r.IntN(len(leaves))]}},
			Row:          i + 1,
		}
		if r.Float64() < float64(fulingHighTech)/fulingFirms {
			issued := time.Date(o.Year-1-r.IntN(3), time.Month(10+r.IntN(3)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			f.Recognitions = append(f.Recognitions, model.Recognition{
				Name: model.HighTechEnterprise, Level: "national", Granted: issued.Format("2006-01-02"),
				ValidUntil:    issued.AddDate(3, 0, -1).Format("2006-01-02"),
				CertificateNo: fmt.Sprintf("GR%d51%06d", issued.Year(), i+1),
			})
		}
		// Annual R&D: lognormal around the mean; revenue from intensity.
		rd := meanAnnualRD * math.Exp(r.NormFloat64()*0.8-0.32)
		rev := rd / (rdIntensity * (0.5 + r.Float64()))
		growth := fulingGrowth + r.NormFloat64()*0.1
		emp := float64(employeesPerFirm) * math.Exp(r.NormFloat64()*0.7-0.245)
		if s := ladder(lr, &f, o.Year, rev, rd, math.Round(emp)); s != nil {
			d.Facts = append(d.Facts, *s)
		}
		d.Firms = append(d.Firms, f)
		newFirm := r.Float64() < 0.03 // entered this year: no 同期数
		cum := map[string]float64{}
		for m := 2; m <= o.Months; m++ {
			share := float64(m) / 12
			flows := map[string]float64{
				"rd_expenditure":      rd * share,
				"operating_revenue":   rev * share,
				"patent_applications": math.Round(patentAppsPerYear * share * (0.5 + r.Float64())),
			}
			for code, v := range flows {
				if v < cum[code] {
					v = cum[code] // cumulative figures never fall
				}
				cum[code] = v
				d.Reports = append(d.Reports, report(code, f.USCC, o.Year, m, v, growth, newFirm, code == "patent_applications", i+1))
			}
			stocks := map[string]float64{"employees": math.Round(emp), "st_staff": math.Round(emp * stShare)}
			for code, v := range stocks {
				d.Reports = append(d.Reports, report(code, f.USCC, o.Year, m, v, 0.02, newFirm, true, i+1))
			}
		}
	}
	return d, nil
}

func report(code, uscc string, year, month int, v, growth float64, newFirm, whole bool, row int) model.Report {
	places := int32(2)
	if whole {
		places = 0
	}
	val := decimal.NewFromFloat(v).Round(places)
	rep := model.Report{USCC: uscc, Indicator: code, Year: year, Month: month, Value: &val, Row: row}
	if !newFirm {
		p := decimal.NewFromFloat(v / (1 + growth)).Round(places)
		rep.Prior = &p
	}
	return rep
}

// creditCode makes a valid code for firm i: registration authority 9
// (industry and commerce), type 1 (enterprise), division 500102 (Fuling),
// organisation code "DM" + 7 digits, then the check character.
func creditCode(i int) (string, error) {
	first17 := fmt.Sprintf("91500102DM%07d", i)
	c, err := uscc.CheckChar(first17)
	if err != nil {
		return "", err
	}
	return first17 + string(c), nil
}
