package ledger

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// CarrierKind is the kind of an incubation carrier (孵化载体).
type CarrierKind string

// The carrier kinds.
const (
	Incubator    CarrierKind = "incubator"   // 科技企业孵化器
	MakerSpace   CarrierKind = "maker_space" // 众创空间
	Accelerator  CarrierKind = "accelerator" // 加速器
	OtherCarrier CarrierKind = "carrier"     // 其他双创载体（星创天地、大学科技园 …）
)

// CarrierKinds lists the kinds.
var CarrierKinds = []CarrierKind{Incubator, MakerSpace, Accelerator, OtherCarrier}

// Label is the kind's Chinese name.
func (k CarrierKind) Label() string {
	switch k {
	case Incubator:
		return "科技企业孵化器"
	case MakerSpace:
		return "众创空间"
	case Accelerator:
		return "加速器"
	case OtherCarrier:
		return "双创载体"
	}
	return string(k)
}

// ParseCarrierKind reads a kind as written.
func ParseCarrierKind(s string) (CarrierKind, error) {
	n := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	switch {
	case n == string(Incubator), strings.Contains(n, "孵化器"):
		return Incubator, nil
	case n == string(MakerSpace), strings.Contains(n, "众创空间"):
		return MakerSpace, nil
	case n == string(Accelerator), strings.Contains(n, "加速器"):
		return Accelerator, nil
	case n == string(OtherCarrier), strings.Contains(n, "双创载体"), strings.Contains(n, "星创天地"), strings.Contains(n, "科技园"):
		return OtherCarrier, nil
	}
	return "", fmt.Errorf("not a carrier kind (科技企业孵化器/众创空间/加速器/双创载体)")
}

// Level is the level a carrier is recognised at (its highest).
type Level string

// The levels.
const (
	National  Level = "national"  // 国家级
	Municipal Level = "municipal" // 市级
	District  Level = "district"  // 区级
)

// Label is the level's Chinese name.
func (l Level) Label() string {
	switch l {
	case National:
		return "国家级"
	case Municipal:
		return "市级"
	case District:
		return "区级"
	}
	return string(l)
}

// ParseLevel reads a level (国家级, 市级, 区级, national …).
func ParseLevel(s string) (Level, error) {
	n := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	switch {
	case n == string(National), strings.HasPrefix(n, "国家"):
		return National, nil
	case n == string(Municipal), strings.HasPrefix(n, "市"), strings.HasPrefix(n, "省"), strings.HasPrefix(n, "重庆市"):
		return Municipal, nil
	case n == string(District), strings.HasPrefix(n, "区"), strings.HasPrefix(n, "县"):
		return District, nil
	}
	return "", fmt.Errorf("not a level (国家级/市级/区级)")
}

// Carrier is an incubation carrier, with the facts the national-incubator
// screening needs (nil: not supplied).
type Carrier struct {
	ID            int64
	Name          string
	Kind          CarrierKind
	Level         Level
	Recognitions  string // as written: 国家级科技企业孵化器（2019年）…
	RecognisedOn  *time.Time
	OperatorUSCC  string
	Node          string
	LegalPerson   *bool
	OperatingFrom *time.Time
	StatsYears    *int
	SiteM2        *decimal.Decimal
	IncubationM2  *decimal.Decimal
	SeedFund      *Fen
	FundCases     *int
	Staff         *int
	Professional  *int
	Mentors       *int
	// SpecialisedField is the industry of a specialised incubator (专业孵化器),
	// "" for a general one.
	SpecialisedField string
	Row              int
}

// Validate checks a carrier's name, kind, level and facts (areas and
// counts not negative, incubation area within the site, professional staff
// within staff).
func (c Carrier) Validate() []Problem {
	var p []Problem
	if strings.TrimSpace(c.Name) == "" {
		p = append(p, Problem{"name", "", "载体名称 is required"})
	}
	if c.Kind == "" {
		p = append(p, Problem{"kind", "", "载体类型 is required"})
	}
	if c.Level == "" {
		p = append(p, Problem{"level", "", "级别 is required"})
	}
	if c.SiteM2 != nil && c.IncubationM2 != nil && c.IncubationM2.GreaterThan(*c.SiteM2) {
		p = append(p, Problem{"incubation_m2", c.IncubationM2.String(), "exceeds the site area " + c.SiteM2.String() + " m²"})
	}
	if c.Staff != nil && c.Professional != nil && *c.Professional > *c.Staff {
		p = append(p, Problem{"professional_staff", fmt.Sprint(*c.Professional), fmt.Sprintf("exceeds the staff %d", *c.Staff)})
	}
	for _, x := range []struct {
		f string
		d *decimal.Decimal
	}{{"site_m2", c.SiteM2}, {"incubation_m2", c.IncubationM2}} {
		if x.d != nil && x.d.IsNegative() {
			p = append(p, Problem{x.f, x.d.String(), "cannot be negative"})
		}
	}
	return p
}

// IncubatedFirm is a firm's stay in a carrier.
type IncubatedFirm struct {
	ID          int64
	Carrier     string // carrier name
	Name        string
	USCC        string
	FoundedOn   time.Time // 成立日期
	EnteredOn   time.Time // 入孵日期
	GraduatedOn *time.Time
	LeftOn      *time.Time // left without graduating
	Industry    string
	// LongCycle marks biomedicine, modern agriculture and integrated
	// circuits, whose stay limit is 60 months [U].
	LongCycle     bool
	PatentApplied *bool
	HoldsIP       *bool
	Financed      *bool
	Row           int
}

// Incubation limits (国科发区〔2018〕300号 [S2], policy-rules §5.6): a firm has
// existed at most 24 months when it enters and stays generally at most 48
// months (60 for long-cycle industries [U]).
const (
	EntryLimitMonths    = 24
	StayLimitMonths     = 48
	LongStayLimitMonths = 60
)

// Validate checks a stay: names, dates in order (founded ≤ entered ≤
// graduated/left; not both graduated and left).
func (f IncubatedFirm) Validate() []Problem {
	var p []Problem
	if strings.TrimSpace(f.Carrier) == "" {
		p = append(p, Problem{"carrier", "", "孵化载体 is required"})
	}
	if strings.TrimSpace(f.Name) == "" {
		p = append(p, Problem{"name", "", "企业名称 is required"})
	}
	if f.FoundedOn.IsZero() {
		p = append(p, Problem{"founded_on", "", "成立日期 is required"})
	}
	if f.EnteredOn.IsZero() {
		p = append(p, Problem{"entered_on", "", "入孵日期 is required"})
	}
	if !f.FoundedOn.IsZero() && !f.EnteredOn.IsZero() && f.EnteredOn.Before(f.FoundedOn) {
		p = append(p, Problem{"entered_on", Day(f.EnteredOn), "entered before the firm was founded (" + Day(f.FoundedOn) + ")"})
	}
	if f.GraduatedOn != nil && f.LeftOn != nil {
		p = append(p, Problem{"left_on", Day(*f.LeftOn), "a firm either graduates or leaves, not both"})
	}
	for _, x := range []struct {
		field string
		d     *time.Time
	}{{"graduated_on", f.GraduatedOn}, {"left_on", f.LeftOn}} {
		if x.d != nil && !f.EnteredOn.IsZero() && x.d.Before(f.EnteredOn) {
			p = append(p, Problem{x.field, Day(*x.d), "before it entered (" + Day(f.EnteredOn) + ")"})
		}
	}
	return p
}

// In reports whether the firm is in incubation at the end of day.
func (f IncubatedFirm) In(day time.Time) bool {
	if day.Before(f.EnteredOn) {
		return false
	}
	if f.GraduatedOn != nil && !day.Before(*f.GraduatedOn) {
		return false
	}
	return f.LeftOn == nil || day.Before(*f.LeftOn)
}

// Graduated reports whether the firm had graduated by the end of day.
func (f IncubatedFirm) Graduated(day time.Time) bool {
	return f.GraduatedOn != nil && !day.Before(*f.GraduatedOn)
}

// EntryTooOld reports whether the firm had existed more than 24 months when
// it entered (entered after founded + 24 months).
func (f IncubatedFirm) EntryTooOld() bool {
	return f.EnteredOn.After(f.FoundedOn.AddDate(0, EntryLimitMonths, 0))
}

// StayLimit is the firm's stay limit in months: 48, or 60 for long-cycle
// industries [U].
func (f IncubatedFirm) StayLimit() int {
	if f.LongCycle {
		return LongStayLimitMonths
	}
	return StayLimitMonths
}

// StayTooLong reports whether the stay exceeds its limit at the end of day:
// still in incubation after entered + limit, or graduated/left after it.
func (f IncubatedFirm) StayTooLong(day time.Time) bool {
	limit := f.EnteredOn.AddDate(0, f.StayLimit(), 0)
	end := day
	switch {
	case f.GraduatedOn != nil && !day.Before(*f.GraduatedOn):
		end = *f.GraduatedOn
	case f.LeftOn != nil && !day.Before(*f.LeftOn):
		end = *f.LeftOn
	}
	return end.After(limit)
}

// Months is the number of whole months from a to b.
func Months(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return m
}

// Flags are the limits a stay breaks at the end of day, as the page prints
// them.
func (f IncubatedFirm) Flags(day time.Time) []string {
	var out []string
	if f.EntryTooOld() {
		out = append(out, fmt.Sprintf("入孵时已成立%d个月（超过%d个月）", Months(f.FoundedOn, f.EnteredOn), EntryLimitMonths))
	}
	if !day.Before(f.EnteredOn) && f.StayTooLong(day) {
		end := day
		if f.GraduatedOn != nil && !day.Before(*f.GraduatedOn) {
			end = *f.GraduatedOn
		} else if f.LeftOn != nil && !day.Before(*f.LeftOn) {
			end = *f.LeftOn
		}
		out = append(out, fmt.Sprintf("在孵%d个月（超过%d个月）", Months(f.EnteredOn, end), f.StayLimit()))
	}
	return out
}
