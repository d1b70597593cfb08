// Package pipeline is the cultivation pipeline (梯度培育): which firms hold
// which rung of the ladder 科技型中小企业 → 高新技术企业 → 专精特新中小企业 →
// 专精特新“小巨人”企业 on a day, which are near the next rung (screened by
// package qualify, nearest first, each with its gap), and whose high-tech
// certificates expire soon — for the district and for every structure node.
//
// The package is pure: firm records (model.FirmRecord, from the registry,
// the monthly reports and the supplied facts) in, a Snapshot out.
package pipeline

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/qualify"
)

// Tier is a rung of the cultivation ladder; a firm's tier is the highest
// rung whose title it holds on the day.
type Tier int

const (
	NoTier      Tier = iota // 未入库：no title of the ladder
	TechSME                 // 科技型中小企业（国科发政〔2017〕115号）
	HighTech                // 高新技术企业（国科发火〔2016〕32号）
	Specialised             // 专精特新中小企业（工信部企业〔2022〕63号／〔2026〕2号）
	LittleGiant             // 专精特新“小巨人”企业（同上）
)

// Tiers are the rungs in ladder order.
var Tiers = []Tier{TechSME, HighTech, Specialised, LittleGiant}

// Label is the Chinese name of the rung.
func (t Tier) Label() string {
	switch t {
	case TechSME:
		return "科技型中小企业"
	case HighTech:
		return "高新技术企业"
	case Specialised:
		return "专精特新中小企业"
	case LittleGiant:
		return "专精特新“小巨人”企业"
	}
	return "未入库企业"
}

// Code is the rung's identifier in URLs and exports.
func (t Tier) Code() string {
	return [...]string{"none", "tech_sme", "high_tech", "srdi", "little_giant"}[t]
}

// ParseTier reads a Code.
func ParseTier(s string) (Tier, bool) {
	for t := NoTier; t <= LittleGiant; t++ {
		if t.Code() == s {
			return t, true
		}
	}
	return NoTier, false
}

// Recognition is the registry recognition name of the rung.
func (t Tier) Recognition() string {
	switch t {
	case TechSME:
		return model.TechBasedSME
	case HighTech:
		return model.HighTechEnterprise
	case Specialised:
		return model.SpecialisedSME
	case LittleGiant:
		return model.LittleGiant
	}
	return ""
}

// Qualification is the rule set that decides the rung.
func (t Tier) Qualification() qualify.Qualification {
	switch t {
	case TechSME:
		return qualify.TechSME
	case HighTech:
		return qualify.HighTech
	case Specialised:
		return qualify.Specialised
	case LittleGiant:
		return qualify.LittleGiant
	}
	return ""
}

// Firm is one firm in a snapshot.
type Firm struct {
	OrgID      int64
	USCC, Name string
	Nodes      []string
	// Held says which rungs' titles are valid on the day; Top is the
	// highest held.
	Held [LittleGiant + 1]bool
	Top  Tier
	// HTExpires is the valid-until date (YYYY-MM-DD) of a high-tech
	// certificate valid on the day that expires within 12 months of it
	// (the firm must re-apply: there is no renewal review, policy-rules
	// §1.1); "" otherwise.
	HTExpires string
	// Facts are the facts screened; Provenance says where the derived ones
	// came from (Sources adds the supplied ones).
	Facts      qualify.FirmFacts
	Provenance []Provenance
	// Supplied and SuppliedOn are the supplied facts object and its date.
	Supplied   []byte
	SuppliedOn string
	// FactErrors are impossible facts: a firm with any is not screened.
	FactErrors []qualify.FactError
	// Next is the screening for the next rung (nil for a 小巨人 or a firm
	// with impossible facts).
	Next *Screening
}

// Screening is a firm's result for one rung with its distance from it.
type Screening struct {
	To     Tier
	Result qualify.Result
	// Failed, Open and Missing count the conditions that fail, the
	// conditions that cannot be decided, and the facts not given.
	Failed, Open, Missing int
}

// Near says whether the firm is near the rung (接近): at most one condition
// fails and at most two remain undetermined (expert judgement or missing
// facts) — a qualifying firm, a firm that needs only the experts' review
// (高企 C3 and C7), or a firm one condition short. A firm whose facts are
// mostly missing is not near: its conditions are undetermined, and it is
// listed among all candidates, after the near ones.
func (s *Screening) Near() bool { return s.Failed <= 1 && s.Open <= 2 }

// Gap is the what-it-lacks line of a candidate list: each failing
// condition's gap (or value against threshold), then the undetermined
// conditions and the facts they lack.
func (s *Screening) Gap() string {
	var parts []string
	for _, c := range s.Result.Conditions {
		if c.Pass != nil && !*c.Pass {
			g := c.Gap
			if g == "" {
				g = c.Value + "，要求" + c.Threshold
			}
			parts = append(parts, c.Name+"："+g)
		}
	}
	var open []string
	for _, c := range s.Result.Conditions {
		if c.Pass == nil {
			open = append(open, c.Name)
		}
	}
	if len(open) > 3 {
		parts = append(parts, fmt.Sprintf("%d项待定，缺少%d项数据（见评价报告）", len(open), len(s.Result.Missing)))
	} else if len(open) > 0 {
		p := "待定：" + strings.Join(open, "、")
		if len(s.Result.Missing) > 0 {
			p += "（缺少" + strings.Join(s.Result.Missing, "、") + "）"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "；")
}

func newScreening(to Tier, r qualify.Result) *Screening {
	s := &Screening{To: to, Result: r, Missing: len(r.Missing)}
	for _, c := range r.Conditions {
		switch {
		case c.Pass == nil:
			s.Open++
		case !*c.Pass:
			s.Failed++
		}
	}
	return s
}

// compareNear orders screenings nearest first: fewer failing conditions
// (so a qualifying firm, with none failing and none open, comes first),
// fewer undetermined conditions, fewer missing facts, a higher best-case
// score.
func compareNear(a, b *Screening) int {
	if c := cmp.Compare(a.Failed, b.Failed); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Open, b.Open); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Missing, b.Missing); c != 0 {
		return c
	}
	sa, sb := -1, -1
	if a.Result.Score != nil {
		sa = a.Result.Score.Max
	}
	if b.Result.Score != nil {
		sb = b.Result.Score.Max
	}
	return cmp.Compare(sb, sa)
}

// Snapshot is the pipeline on one day.
type Snapshot struct {
	Day   time.Time
	Firms []Firm // in the order given (credit code)
	// Took is how long Build took.
	Took time.Duration
}

// Build derives every firm's facts (Derive), finds its rung on day, and
// screens it for the next rung, on all CPUs. today is the day impossible
// dates are judged against.
func Build(recs []model.FirmRecord, day, today time.Time) *Snapshot {
	start := time.Now()
	s := &Snapshot{Day: day, Firms: make([]Firm, len(recs))}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (len(recs) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(recs))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				s.Firms[i] = build(recs[i], day, today)
			}
		}()
	}
	wg.Wait()
	s.Took = time.Since(start)
	return s
}

func build(rec model.FirmRecord, day, today time.Time) Firm {
	f := Firm{OrgID: rec.OrgID, USCC: rec.USCC, Name: rec.Name, Nodes: rec.Nodes}
	d := day.Format(time.DateOnly)
	yearOn := day.AddDate(1, 0, 0).Format(time.DateOnly) // certificates expiring by then
	for _, t := range Tiers {
		name := t.Recognition()
		for _, r := range rec.Recognitions {
			if r.Name == name && HeldOn(r, d) {
				f.Held[t] = true
				f.Top = t
				if t == HighTech && r.ValidUntil != "" && r.ValidUntil <= yearOn {
					if f.HTExpires == "" || r.ValidUntil > f.HTExpires {
						f.HTExpires = r.ValidUntil
					}
				}
			}
		}
	}
	// A later certificate valid on the day supersedes an expiring one.
	for _, r := range rec.Recognitions {
		if r.Name == model.HighTechEnterprise && HeldOn(r, d) && r.ValidUntil > yearOn {
			f.HTExpires = ""
		}
	}
	f.Facts, f.Provenance = Derive(rec, f.Held, day)
	f.Supplied, f.SuppliedOn = rec.Supplied, rec.SuppliedOn
	f.FactErrors = qualify.CheckFacts(f.Facts, today)
	if f.Top < LittleGiant && len(f.FactErrors) == 0 {
		next := f.Top + 1
		f.Next = newScreening(next, screenFor(next, f.Facts))
	}
	return f
}

// HeldOn says whether a recognition is valid on day (YYYY-MM-DD): granted
// on or before it and valid until it or later (no end date: open).
func HeldOn(r model.Recognition, day string) bool {
	return r.Granted != "" && r.Granted <= day && (r.ValidUntil == "" || r.ValidUntil >= day)
}

func screenFor(t Tier, f qualify.FirmFacts) qualify.Result {
	switch t {
	case TechSME:
		return qualify.ScreenTechSME(*f.TechSME)
	case HighTech:
		return qualify.ScreenHighTech(*f.HighTech)
	case Specialised:
		return qualify.ScreenSpecialised(*f.Gradient)
	}
	return qualify.ScreenLittleGiant(*f.Gradient)
}

// Funnel is the pipeline of one node.
type Funnel struct {
	Firms int
	// Held counts the firms holding each rung; Top the firms whose highest
	// rung it is (NoTier: none).
	Held, Top [LittleGiant + 1]int
	// Near counts the firms one rung below each rung that are near it
	// (Screening.Near); Qualify those whose screening already qualifies.
	Near, Qualify [LittleGiant + 1]int
	// Expiring counts high-tech certificates expiring within 12 months;
	// Unscreened the firms with impossible facts.
	Expiring, Unscreened int
}

// Funnel counts the firms of node (a node code; "" for every firm).
func (s *Snapshot) Funnel(node string) Funnel {
	var fn Funnel
	for i := range s.Firms {
		f := &s.Firms[i]
		if node != "" && !slices.Contains(f.Nodes, node) {
			continue
		}
		fn.Firms++
		fn.Top[f.Top]++
		for _, t := range Tiers {
			if f.Held[t] {
				fn.Held[t]++
			}
		}
		if f.HTExpires != "" {
			fn.Expiring++
		}
		if len(f.FactErrors) > 0 {
			fn.Unscreened++
		}
		if f.Next != nil && f.Next.Near() {
			fn.Near[f.Next.To]++
			if f.Next.Result.Verdict == qualify.Qualifies {
				fn.Qualify[f.Next.To]++
			}
		}
	}
	return fn
}

// Candidates are the firms of node ("" for all) one rung below to, near
// first (qualifying, then fewer failing, undetermined and missing, then a
// higher score, then credit code). With nearOnly, only near firms
// (Screening.Near).
func (s *Snapshot) Candidates(node string, to Tier, nearOnly bool) []*Firm {
	var out []*Firm
	for i := range s.Firms {
		f := &s.Firms[i]
		if f.Next == nil || f.Next.To != to || (nearOnly && !f.Next.Near()) {
			continue
		}
		if node != "" && !slices.Contains(f.Nodes, node) {
			continue
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b *Firm) int {
		if c := compareNear(a.Next, b.Next); c != 0 {
			return c
		}
		return strings.Compare(a.USCC, b.USCC)
	})
	return out
}

// Expiring lists the firms of node whose high-tech certificate expires
// within 12 months, soonest first.
func (s *Snapshot) Expiring(node string) []*Firm {
	var out []*Firm
	for i := range s.Firms {
		f := &s.Firms[i]
		if f.HTExpires != "" && (node == "" || slices.Contains(f.Nodes, node)) {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b *Firm) int { return strings.Compare(a.HTExpires, b.HTExpires) })
	return out
}

// Firm finds a firm by credit code.
func (s *Snapshot) Firm(uscc string) (*Firm, bool) {
	i, ok := slices.BinarySearchFunc(s.Firms, uscc, func(f Firm, u string) int { return strings.Compare(f.USCC, u) })
	if !ok {
		for j := range s.Firms { // not sorted: linear
			if s.Firms[j].USCC == uscc {
				return &s.Firms[j], true
			}
		}
		return nil, false
	}
	return &s.Firms[i], true
}

// Sources lists where every screened fact came from: the derived facts
// (Provenance), then each supplied fact by its path (high_tech.IPClassI).
func (f *Firm) Sources() []Provenance {
	return append(slices.Clone(f.Provenance), supplied(f.Supplied, f.SuppliedOn)...)
}

// ScreenAll screens the firm for every qualification (the firm's screening
// report); nil when it has impossible facts.
func (f *Firm) ScreenAll() []qualify.Result {
	if len(f.FactErrors) > 0 {
		return nil
	}
	return qualify.Screen(f.Facts)
}
