package match

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Home is where the board is: the district of the system (涪陵区) and its
// city (重庆市). A demand whose region is not given is taken to be there.
type Home struct {
	District string // 涪陵区
	City     string // 重庆市
}

// Factor codes.
const (
	FactorText      = "text"
	FactorField     = "field"
	FactorMaturity  = "maturity"
	FactorBudget    = "budget"
	FactorProximity = "proximity"
)

// Weights of the factors in a recommendation's score (they sum to 1). Text
// relevance dominates: the other factors order records that are about the
// same thing.
var Weights = map[string]float64{FactorText: 0.60, FactorField: 0.15, FactorMaturity: 0.10, FactorBudget: 0.08, FactorProximity: 0.07}

// TextPower is the exponent applied to the text relevance (BM25 relative to
// the best hit).
var TextPower = 0.75

// RelevanceFloor: text relevance is BM25 relative to the best hit, but
// never to less than this share of the query's attainable score
// (TextHit.Attainable). Without it a lone weak hit — a demand about 榨菜
// wastewater sharing only 材料 with the one record of a small board —
// scored full text relevance. On the evaluation set the best hit reaches
// 0.12–0.44 of the attainable score, so the floor changes no ranking
// there.
var RelevanceFloor = 0.1

// ImputeMean: a factor not counted takes the mean of its counted values
// over the pairs ranked together, so a capability (no maturity) or a record
// priced 面议 is neither penalised nor favoured against the records around
// it (most priced achievements score 1, so a fixed 0.5 penalised them).
var ImputeMean = true

// Neutral is the value of a factor that one side did not give when no pair
// ranked with it counts that factor either (see ImputeMean): missing is
// neither a fit nor a misfit.
const Neutral = 0.5

// Factor is one reason a recommendation ranks where it does.
type Factor struct {
	Code    string
	Label   string
	Weight  float64
	Value   float64 // 0–1; when not counted, the mean of the counted values over the candidates (ImputeMean), else Neutral
	Counted bool    // false: a side did not give what the factor needs
	Note    string  // why, as the page and the CLI show it
}

// Points is the factor's contribution to the score, out of 100.
func (f Factor) Points() float64 { return 100 * f.Weight * f.Value }

// Recommendation is an achievement recommended for a demand (or a demand
// for an achievement, in the reverse view), with its score out of 100 and
// the reasons.
type Recommendation struct {
	Demand      Demand
	Achievement Achievement
	Score       float64
	BM25        float64
	Factors     []Factor
	// Matched are the query tokens the other side contains; Terms the
	// words shown for them (the highlighted spans of its title and text).
	Matched []string
	Terms   []string
}

// Factor returns the factor with the code.
func (r Recommendation) Factor(code string) Factor {
	for _, f := range r.Factors {
		if f.Code == code {
			return f
		}
	}
	return Factor{}
}

// Pair is a demand and an achievement with their text relevance.
type Pair struct {
	Demand      Demand
	Achievement Achievement
	Hit         TextHit
}

// Rank scores pairs (all for one demand, or all for one achievement) and
// returns them best first (ties: higher BM25, then lower id). Text
// relevance is BM25 relative to the best pair's.
func Rank(pairs []Pair, home Home) []Recommendation {
	best, floored := 0.0, false
	for _, p := range pairs {
		best = max(best, p.Hit.BM25)
	}
	if len(pairs) > 0 {
		if f := RelevanceFloor * pairs[0].Hit.Attainable; f > best {
			best, floored = f, true
		}
	}
	out := make([]Recommendation, 0, len(pairs))
	for _, p := range pairs {
		text := 0.0
		if best > 0 {
			text = math.Pow(p.Hit.BM25/best, TextPower)
		}
		r := Recommendation{Demand: p.Demand, Achievement: p.Achievement, BM25: p.Hit.BM25, Matched: p.Hit.Matched}
		note := fmt.Sprintf("相关度为最佳结果的%.0f%%（BM25 %.2f）", 100*text, p.Hit.BM25)
		if floored {
			note = fmt.Sprintf("匹配词少，各结果相关度均低：为查询可达分数%.0f%%的%.0f%%（BM25 %.2f）", 100*RelevanceFloor, 100*text, p.Hit.BM25)
		}
		r.Factors = []Factor{
			{Code: FactorText, Label: "文本相关度", Value: text, Counted: true, Note: note},
			fieldFactor(p.Demand, p.Achievement),
			maturityFactor(p.Demand, p.Achievement),
			budgetFactor(p.Demand, p.Achievement),
			proximityFactor(p.Demand, p.Achievement, home),
		}
		if ServiceWeight > 0 {
			r.Factors = append(r.Factors, serviceFactor(p.Demand, p.Achievement))
		}
		out = append(out, r)
	}
	// A factor not counted takes the mean of the counted values of the
	// same factor over the pairs (Neutral when none counts).
	neutral := map[string]float64{}
	if ImputeMean {
		sum, n := map[string]float64{}, map[string]float64{}
		for _, r := range out {
			for _, f := range r.Factors {
				if f.Counted {
					sum[f.Code] += f.Value
					n[f.Code]++
				}
			}
		}
		for c := range sum {
			neutral[c] = sum[c] / n[c]
		}
	}
	for k := range out {
		r := &out[k]
		for i := range r.Factors {
			f := &r.Factors[i]
			f.Weight = Weights[f.Code]
			switch f.Code {
			case FactorService:
				f.Weight = ServiceWeight
			case FactorText:
				f.Weight -= ServiceWeight
			}
			if !f.Counted {
				f.Value = Neutral
				if v, ok := neutral[f.Code]; ok {
					f.Value = v
				}
			}
			r.Score += f.Points()
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.BM25 != b.BM25 {
			return a.BM25 > b.BM25
		}
		return a.Achievement.ID+a.Demand.ID < b.Achievement.ID+b.Demand.ID
	})
	return out
}

func fieldFactor(d Demand, a Achievement) Factor {
	f := Factor{Code: FactorField, Label: "领域与行业"}
	af, aok := ResolveField(a.Field)
	var ds []Field
	for _, s := range []string{d.Field, d.Industry} {
		if x, ok := ResolveField(s); ok {
			ds = append(ds, x)
		}
	}
	switch {
	case len(ds) == 0 && !aok:
		f.Note = "双方领域均未填或不在领域表中，未计入"
		return f
	case len(ds) == 0:
		f.Note = "需求未填技术领域与行业（或不在领域表中），未计入"
		return f
	case !aok:
		f.Note = fmt.Sprintf("成果领域“%s”未填或不在领域表中，未计入", a.Field)
		return f
	}
	f.Counted = true
	for _, x := range ds {
		if x.Name == af.Name {
			f.Value, f.Note = 1, "领域一致："+af.Name
			return f
		}
	}
	for _, x := range ds {
		if x.Group == af.Group {
			f.Value, f.Note = 0.5, fmt.Sprintf("相近领域：%s—%s（同属%s）", x.Name, af.Name, af.Group)
			return f
		}
	}
	f.Note = fmt.Sprintf("领域不同：需求%s，成果%s", ds[0].Name, af.Name)
	return f
}

func maturityFactor(d Demand, a Achievement) Factor {
	f := Factor{Code: FactorMaturity, Label: "成熟度"}
	st := a.Maturity()
	if a.Kind == KindCapability {
		f.Note = "科研能力（团队、设备、平台）无成熟度，未计入"
		return f
	}
	if len(d.Modes) == 0 {
		f.Note = "需求未填合作方式，未计入"
		return f
	}
	if st == "" {
		f.Note = "成果未填成熟度，未计入"
		return f
	}
	level := map[Stage]int{Lab: 1, Pilot: 2, Industrial: 3}[st]
	best, why := -1.0, ""
	for _, m := range d.Modes {
		var v float64
		var w string
		switch m {
		case Transfer, Licence:
			v = []float64{0, 0.3, 0.8, 1}[level]
			w = fmt.Sprintf("%s宜为中试以上，成果处于%s阶段", m.Label(), st.Label())
		case Development, JointLab:
			v = []float64{0, 0.8, 1, 1}[level]
			w = fmt.Sprintf("%s可从%s阶段起步", m.Label(), st.Label())
		default:
			continue
		}
		if v > best {
			best, why = v, w
		}
	}
	if best < 0 {
		f.Note = "咨询、服务类需求不看成熟度，未计入"
		return f
	}
	if a.TRL > 0 {
		why += fmt.Sprintf("（TRL %d）", a.TRL)
	}
	f.Counted, f.Value, f.Note = true, best, why
	return f
}

func budgetFactor(d Demand, a Achievement) Factor {
	f := Factor{Code: FactorBudget, Label: "预算匹配"}
	bmax := d.BudgetMax
	if bmax == nil {
		bmax = d.BudgetMin
	}
	pmin := a.PriceMin
	if pmin == nil {
		pmin = a.PriceMax
	}
	switch {
	case bmax == nil && pmin == nil:
		f.Note = "需求预算与成果价格均未填，未计入"
		return f
	case bmax == nil:
		f.Note = "需求未填预算，未计入"
		return f
	case pmin == nil:
		f.Note = "成果价格未填（面议），未计入"
		return f
	}
	f.Counted = true
	budget, price := RangeText(d.BudgetMin, d.BudgetMax), RangeText(a.PriceMin, a.PriceMax)
	if pmin.LessThanOrEqual(*bmax) {
		f.Value, f.Note = 1, fmt.Sprintf("最低价%s不超过预算上限%s（价格%s，预算%s）", MoneyText(*pmin), MoneyText(*bmax), price, budget)
		return f
	}
	r, _ := bmax.Div(*pmin).Float64()
	f.Value, f.Note = r, fmt.Sprintf("最低价%s高于预算上限%s（价格%s，预算%s；预算为最低价的%.0f%%）", MoneyText(*pmin), MoneyText(*bmax), price, budget, 100*r)
	return f
}

func proximityFactor(d Demand, a Achievement, home Home) Factor {
	f := Factor{Code: FactorProximity, Label: "地理邻近"}
	if strings.TrimSpace(a.Region) == "" && a.Carrier == "" {
		f.Note = "成果方所在地未填，未计入"
		return f
	}
	dReg := d.Region
	assumed := ""
	if strings.TrimSpace(dReg) == "" {
		dReg, assumed = home.City+home.District, "（需求方所在地未填，按"+home.District+"计）"
	}
	f.Counted = true
	switch {
	case d.Carrier != "" && sameCarrier(d.Carrier, a.Carrier):
		f.Value, f.Note = 1, "同一载体："+a.Carrier
	case sameDistrict(dReg, a.Region) || (a.Region == "" && a.Carrier != "" && strings.Contains(dReg, home.District)):
		f.Value, f.Note = 0.8, "同在"+districtOf(dReg)
	case cityOf(dReg) != "" && cityOf(dReg) == cityOf(a.Region):
		f.Value, f.Note = 0.6, cityOf(dReg)+"内（"+a.Region+"）"
	default:
		f.Value, f.Note = 0.4, "异地（"+a.Region+"）"
	}
	f.Note += assumed
	return f
}

func sameCarrier(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && a == b
}

// districtOf returns the district or county of a region written as
// 重庆市涪陵区 or 涪陵区, "" when none.
func districtOf(region string) string {
	r := []rune(region)
	start := 0
	for i, c := range r {
		if c == '市' || c == '省' {
			start = i + 1
		}
		if (c == '区' || c == '县') && i > start {
			return string(r[start : i+1])
		}
	}
	return ""
}

// cityOf returns the city (重庆市, 北京市, 成都市) of a region, or the
// province when no city is written; a bare district of the home city is
// not resolved here.
func cityOf(region string) string {
	r := []rune(region)
	prov := ""
	for i, c := range r {
		if c == '省' && prov == "" {
			prov = string(r[:i+1])
		}
		if c == '市' {
			s := 0
			if prov != "" {
				s = len([]rune(prov))
			}
			return string(r[s : i+1])
		}
	}
	return prov
}

func sameDistrict(a, b string) bool {
	da, db := districtOf(a), districtOf(b)
	return da != "" && da == db && (cityOf(a) == "" || cityOf(b) == "" || cityOf(a) == cityOf(b))
}

// RangeText writes a money range in yuan as officials write it: 50万元,
// 50万—200万元, 200万元以上, 50万元以下, "面议" when neither bound is given.
func RangeText(lo, hi *decimal.Decimal) string {
	switch {
	case lo == nil && hi == nil:
		return "面议"
	case lo == nil:
		return MoneyText(*hi) + "以下"
	case hi == nil:
		return MoneyText(*lo) + "以上"
	case lo.Equal(*hi):
		return MoneyText(*lo)
	}
	return strings.TrimSuffix(MoneyText(*lo), "元") + "—" + MoneyText(*hi)
}

var wan, yi = decimal.NewFromInt(10000), decimal.NewFromInt(100000000)

// MoneyText writes yuan exactly: 1.2亿元, 350万元, 8000元.
func MoneyText(v decimal.Decimal) string {
	switch {
	case v.Abs().GreaterThanOrEqual(yi):
		return v.Div(yi).String() + "亿元"
	case v.Abs().GreaterThanOrEqual(wan):
		return v.Div(wan).String() + "万元"
	}
	return v.String() + "元"
}

// MaxPoints is the most the factor can add, out of 100.
func (f Factor) MaxPoints() float64 { return 100 * f.Weight }
