// Package extract reads published statistical text — bulletins (统计公报),
// bureau reports, news items on a district's R&D intensity, high-tech
// enterprises or technology contracts — and returns one Record per
// indicator statement: scope, period, indicator, value in base units,
// qualifier, growth, percentage-point change, rank and the exact quoted
// span. It is pure: no database, no network.
//
// Rules, in the order they matter (precision before recall: a statement the
// rules cannot pin down is left out rather than guessed):
//
//   - A value is a number with a unit word ("24.02亿元", "151户", "15.6%",
//     "-2.46‰", "近万个", "十余个"); magnitudes 万, 亿, 万亿, 千亿 … scale it
//     to base units exactly (shopspring/decimal). A number without a unit is
//     read only after an indicator whose lexicon entry says so (R&D intensity
//     "2.36" is 2.36%, flagged missing_percent_sign). Tier labels (千亿级,
//     “2000亿级园区”) and names (1+2+3, “315”) have no unit word and are
//     never values.
//   - The indicator is the lexicon term (lexicon.yaml) nearest before the
//     value in the same sentence part (longest on a tie) whose unit fits the
//     value; a count may name its indicator after it ("105家规上科技服务业
//     企业"); bare attribute words (成交额, 营收, 产值) and shares ("占…的
//     72.8%") take their indicator from the figure before; "X中," restricts
//     the terms to X's breakdown (户籍人口中, 城镇人口…). No indicator, no
//     record.
//   - Growth after a value belongs to it: 增长/下降/提高/回落 N% is
//     year-on-year growth (YoY, a ratio, 下降 negative; 可比 recorded as the
//     basis), 年均增长 N% is average annual growth (CAGR, separate), N个百分点
//     is a percentage-point change (PPChange) and never growth, 高于/高出
//     …平均 N个百分点 is a gap to an average (VsAverage), 是…的N倍 a
//     multiple. 分别 lists are distributed in order.
//   - Periods: a year is stated once and carries through its paragraph;
//     1—N月/1-N月/1至N月, 前三季度, 上半年, 一季度, 全年 and 年末 take the
//     carried year; 全年 and 年末 the title's year when the title has one. A
//     paragraph starts from the document year (the title's, else the only
//     year the text states), else unknown. 截至YYYY年M月 is the month's last
//     day; 累计 dates a figure at its period's end; 自YYYY年以来, N年来 and
//     近年来 make flows unknown (stocks are dated at publication when the
//     publication date is known); 去年/今年 need the publication date. A
//     stock indicator's yearly figure is dated December 31. No year is
//     "unknown" (Period ""), never guessed.
//   - Scope: a region of the gazetteer (regions.tsv) or a known node or
//     organisation named before the value; 全区/全市/全省 and 区本级 mean the
//     document's subject (the first region or node the title, else the text,
//     names).
//   - Suspected unit errors are flagged, never corrected (亿瓦时 for battery
//     capacity; a percentage above its indicator's plausible maximum).
package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

// Base units of Record.Unit. Percent and Permille values are ratios
// (2.4% → 0.024, -2.46‰ → -0.00246).
const (
	UnitYuan     = "yuan"
	UnitCount    = "count"
	UnitPersons  = "persons"
	UnitPercent  = "percent"
	UnitPermille = "permille"
	UnitWh       = "Wh"
	UnitParts    = "parts"  // a ratio of parts, 6.5:55.8:37.7 (Record.Parts)
	UnitPer100   = "per100" // an index per 100 (性别比 103.3)
)

// Capacity is the Period of an annual capacity (年产, 年产能): a rate per
// year, not a figure of any reporting period.
const Capacity = "annual_capacity"

// Rank is a ranking stated with a figure.
type Rank struct {
	Rank      int    `json:"rank"`                 // 1 for 第一
	Scope     string `json:"scope,omitempty"`      // 全国, 西部, 全省 …
	Of        string `json:"of"`                   // "value" or "growth" (增速位列全国第7)
	WithinTop bool   `json:"within_top,omitempty"` // 前10位: ranked within the top Rank
	Written   string `json:"written"`
}

// Record is one indicator statement read from text.
type Record struct {
	N int `json:"n"` // 1, 2, … in text order

	Scope      string `json:"scope"`                 // as written (全区, 区本级, 合肥) or the document's subject
	ScopeName  string `json:"scope_name"`            // resolved name (鄞州区), else as written
	ScopeKind  string `json:"scope_kind,omitempty"`  // node | org | region | project, "" unresolved
	ScopeCode  string `json:"scope_code,omitempty"`  // node or organisation code, or 行政区划代码 for a region
	RegionCode string `json:"region_code,omitempty"` // 行政区划代码 when the scope is a region (or a node standing for one)
	ScopePart  string `json:"scope_part,omitempty"`  // 区本级, 市本级: a part of the scope

	Period        string `json:"period"` // canonical period code (period.Parse), Capacity, or "" unknown
	PeriodWritten string `json:"period_written,omitempty"`
	PeriodNote    string `json:"period_note,omitempty"` // how an implicit year was read

	Indicator string `json:"indicator"`      // the term as written (simplified)
	Key       string `json:"key"`            // lexicon key
	Name      string `json:"name"`           // canonical Chinese name
	Code      string `json:"code,omitempty"` // catalogue code, when the indicator maps to one

	Value        *decimal.Decimal  `json:"value"`                // base units; nil for growth- or rank-only statements
	ValueHigh    *decimal.Decimal  `json:"value_high,omitempty"` // a range's upper end (10-15家: Value 10, ValueHigh 15, Qualifier 区间)
	Parts        []decimal.Decimal `json:"parts,omitempty"`      // for UnitParts: each part as written (6.5, 55.8, 37.7)
	Unit         string            `json:"unit,omitempty"`       // base unit (UnitYuan …)
	UnitWritten  string            `json:"unit_written"`         // 亿元, 万家, %, "" when missing
	ValueWritten string            `json:"value_written"`        // 1402.74亿元
	Qualifier    string            `json:"qualifier,omitempty"`  // as written: 超过 突破 达到 近 约 以上 增至 多 余
	Target       bool              `json:"target,omitempty"`     // 力争, 预计: a goal, not an actual

	YoY          *decimal.Decimal `json:"yoy,omitempty"` // year-on-year growth, ratio
	YoYWritten   string           `json:"yoy_written,omitempty"`
	YoYBasis     string           `json:"yoy_basis,omitempty"` // 可比价 when written 可比增长
	CAGR         *decimal.Decimal `json:"cagr,omitempty"`      // average annual growth (年均), ratio
	CAGRWritten  string           `json:"cagr_written,omitempty"`
	PPChange     *decimal.Decimal `json:"pp_change,omitempty"` // percentage-point change as a ratio: 0.002 = 0.2个百分点
	PPWritten    string           `json:"pp_written,omitempty"`
	VsAverage    *decimal.Decimal `json:"vs_average,omitempty"` // points above (+) or below (−) an average, ratio
	VsAverageOf  string           `json:"vs_average_of,omitempty"`
	VsWritten    string           `json:"vs_average_written,omitempty"`
	Multiple     *decimal.Decimal `json:"multiple,omitempty"` // 是2012年的3.8倍
	MultipleText string           `json:"multiple_written,omitempty"`
	Ranks        []Rank           `json:"ranks,omitempty"`

	Flags []string `json:"flags,omitempty"` // missing_percent_sign, unit_suspect:…, implausible:…, traditional_script, …
	Note  string   `json:"note,omitempty"`

	Quote     string `json:"quote"`      // the exact original text of the statement
	Start     int    `json:"start"`      // byte offsets of Quote in the text extracted from
	End       int    `json:"end"`        //
	RuneStart int    `json:"rune_start"` // the same span in runes
	RuneEnd   int    `json:"rune_end"`

	entry *Entry
	qs    int // normalised rune offset where the quote starts
	vEnd  int // normalised rune offset of the end of the value (or statement)
}

// Known is a scope of the district's own structure that text may name: a
// node (涪陵高新区) or an organisation.
type Known struct {
	Code    string
	Name    string
	Aliases []string
	Kind    string // "node" or "org"
	Region  string // 行政区划代码 when the node is a whole region (the district root)
}

// Options tunes Extract. The zero value is valid.
type Options struct {
	Known     []Known  // nodes and organisations to resolve scopes against
	Lexicon   *Lexicon // nil: DefaultLexicon
	Published string   // publication date YYYY-MM-DD when known; otherwise read from the text's first lines
}

// Result is what Extract read.
type Result struct {
	Text      string   `json:"-"`         // the text offsets refer to (HTML stripped)
	Title     string   `json:"title"`     // the first line
	Subject   string   `json:"subject"`   // the document's subject (scope of 全区/全市…)
	Year      int      `json:"year"`      // document year, 0 unknown
	Published string   `json:"published"` // YYYY-MM-DD, "" unknown
	Flags     []string `json:"flags,omitempty"`
	Records   []Record `json:"records"`
}

// Extract reads src (plain text, or HTML which is stripped to text first
// with StripHTML) and returns its indicator statements in text order.
// Offsets in the records refer to Result.Text.
func Extract(src string, opt Options) Result {
	if LooksLikeHTML(src) {
		src = StripHTML(src)
	}
	if opt.Lexicon == nil {
		opt.Lexicon = DefaultLexicon
	}
	x := &extractor{opt: opt, lex: opt.Lexicon, t: normalize(src)}
	x.prepareScopes()
	x.readDocument()
	x.run()
	res := Result{Text: src, Title: x.title, Subject: x.subject.name, Year: x.docYear, Published: x.published, Records: x.records}
	if x.t.traditional > 3 {
		res.Flags = append(res.Flags, "traditional_script")
	}
	if x.t.pinyin > 0 {
		res.Flags = append(res.Flags, "pinyin_injected")
	}
	if x.t.joined > 0 {
		res.Flags = append(res.Flags, "line_breaks_joined")
	}
	for i := range res.Records {
		res.Records[i].N = i + 1
	}
	return res
}

// scope is a resolved scope.
type scope struct {
	written string
	name    string
	kind    string
	code    string
	region  string
	part    string
}

type scopeName struct {
	r     []rune
	s     scope
	short bool // a county's short name: only before ( or 、
}

type extractor struct {
	opt   Options
	lex   *Lexicon
	t     *text
	names []scopeName // longest first

	title     string
	titleYear int
	docYear   int
	yearSrc   string
	published string
	subject   scope

	records []Record
}

func (x *extractor) prepareScopes() {
	add := func(n string, s scope, short bool) {
		if n != "" {
			x.names = append(x.names, scopeName{[]rune(n), s, short})
		}
	}
	for _, k := range x.opt.Known {
		s := scope{name: k.Name, kind: k.Kind, code: k.Code, region: k.Region}
		add(k.Name, s, false)
		for _, a := range k.Aliases {
			add(a, s, false)
		}
	}
	for _, r := range Regions() {
		s := scope{name: r.Name, kind: "region", code: r.Code, region: r.Code}
		// a known node standing for the whole region wins
		for _, k := range x.opt.Known {
			if k.Region == r.Code {
				s = scope{name: k.Name, kind: k.Kind, code: k.Code, region: r.Code}
			}
		}
		add(r.Name, s, false)
		add(r.Short, s, r.Level == "county")
	}
	slices.SortStableFunc(x.names, func(a, b scopeName) int { return len(b.r) - len(a.r) })
}

// findScope returns the scope names in rs[from:to] (normalised runes), in
// order; a name inside a longer one is not reported.
func (x *extractor) findScopes(rs []rune, from, to int) []scopeHit {
	var hits []scopeHit
	taken := make([]bool, to-from)
	for _, n := range x.names {
		for i := from; i+len(n.r) <= to; i++ {
			if !runesAt(rs, i, n.r) || taken[i-from] {
				continue
			}
			end := i + len(n.r)
			if n.short {
				if end >= len(rs) || (rs[end] != '(' && rs[end] != '、') {
					continue
				}
			}
			// 重庆市委, 鄞州区科技局, 重庆英才: an institution or a title, not a scope
			if end < len(rs) && strings.ContainsRune("委局院校厅办英籍", rs[end]) {
				continue
			}
			// the short name of a region followed by its own suffix is the full name
			clash := false
			for k := i; k < end; k++ {
				if taken[k-from] {
					clash = true
				}
			}
			if clash {
				continue
			}
			for k := i; k < end; k++ {
				taken[k-from] = true
			}
			s := n.s
			s.written = string(rs[i:end])
			hits = append(hits, scopeHit{i, end, s})
		}
	}
	slices.SortFunc(hits, func(a, b scopeHit) int { return a.start - b.start })
	return hits
}

type scopeHit struct {
	start, end int
	s          scope
}

func runesAt(rs []rune, i int, w []rune) bool {
	if i+len(w) > len(rs) {
		return false
	}
	for k, c := range w {
		if rs[i+k] != c {
			return false
		}
	}
	return true
}

func indexRunes(rs []rune, from, to int, w []rune) int {
	for i := from; i+len(w) <= to; i++ {
		if runesAt(rs, i, w) {
			return i
		}
	}
	return -1
}

var (
	reFullDate  = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日`)
	reISODate   = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)
	reSlashDate = regexp.MustCompile(`^(\d{4})\n(\d{1,2})/(\d{1,2})`)
	reYearWord  = regexp.MustCompile(`(\d{4})年`)
)

// readDocument finds the title, publication date, document year and
// subject.
func (x *extractor) readDocument() {
	s := x.t.String()
	lines := strings.Split(s, "\n")
	// The title: the first line with text (pasted pages often start with
	// blank lines).
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			x.title = l
			break
		}
	}
	x.published = x.opt.Published
	if x.published == "" {
		head := strings.Join(lines[:min(len(lines), 8)], "\n")
		type cand struct {
			at      int
			y, m, d string
		}
		var cs []cand
		for _, re := range []*regexp.Regexp{reFullDate, reISODate} {
			for _, m := range re.FindAllStringSubmatchIndex(head, -1) {
				cs = append(cs, cand{m[0], head[m[2]:m[3]], head[m[4]:m[5]], head[m[6]:m[7]]})
			}
		}
		for i := 0; i+1 < len(lines) && i < 8; i++ {
			if m := reSlashDate.FindStringSubmatch(lines[i] + "\n" + lines[i+1]); m != nil {
				cs = append(cs, cand{strings.Index(head, lines[i]), m[1], m[2], m[3]})
			}
		}
		slices.SortFunc(cs, func(a, b cand) int { return a.at - b.at })
		for _, c := range cs {
			y, _ := strconv.Atoi(c.y)
			m, _ := strconv.Atoi(c.m)
			d, _ := strconv.Atoi(c.d)
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Year() == y && int(t.Month()) == m && t.Day() == d {
				x.published = t.Format("2006-01-02")
				break
			}
		}
	}
	// document year: the title's, else the only year the text states
	if m := reYearWord.FindStringSubmatchIndex(x.title); m != nil && !reFullDate.MatchString(x.title) {
		x.titleYear, _ = strconv.Atoi(x.title[m[2]:m[3]])
		x.docYear, x.yearSrc = x.titleYear, "标题"
	} else {
		years := map[int]bool{}
		for _, p := range scanPeriods([]rune(s), 0, len([]rune(s))) {
			if p.year != 0 && p.kind != pkIgnore && p.kind != pkSince {
				years[p.year] = true
			}
		}
		if len(years) == 1 {
			for y := range years {
				x.docYear, x.yearSrc = y, "全文唯一年份"
			}
		}
	}
	// subject: the first scope the title names (the last of a chain such as
	// 重庆市涪陵区), else the first the text names
	rs := x.t.r
	tstart := strings.Index(s, x.title)
	if tstart < 0 {
		tstart = 0
	}
	tstart = len([]rune(s[:tstart]))
	tl := tstart + len([]rune(x.title))
	for _, rng := range [][2]int{{tstart, tl}, {tl, len(rs)}} {
		hits := x.findScopes(rs, rng[0], rng[1])
		// A photo caption (慧谷湖科创小镇效果图) names what the picture
		// shows, not what the document is about.
		hits = slices.DeleteFunc(hits, func(h scopeHit) bool { return inCaption(rs, h.start) })
		if len(hits) == 0 {
			continue
		}
		h := hits[0]
		for k := 1; k < len(hits) && hits[k].start == hits[k-1].end; k++ {
			h = hits[k]
		}
		x.subject = h.s
		x.subject.written = h.s.name
		break
	}
}

// wholeRegion is the scope 全区, 全市 … stand for: the document's subject,
// except when the subject is a node of the system (a park, a carrier) —
// then the district's node: an article about 涪陵高新区 saying 全区 means
// 涪陵区.
func (x *extractor) wholeRegion() scope {
	if x.subject.kind != "node" || x.subject.region != "" {
		return x.subject // a region, the district's own node, an organisation, or none
	}
	// A node of the system (a park, a carrier): the district's node, the
	// known node that stands for a region.
	for _, n := range x.names {
		if n.s.kind == "node" && n.s.region != "" {
			return n.s
		}
	}
	return x.subject
}

// inCaption reports whether rune i lies on a photo caption: a short line
// (under 30 characters) without a figure that ends in 图, 效果图, 摄 or
// （摄）, as pasted news pages carry under their pictures.
func inCaption(rs []rune, i int) bool {
	start, end := i, i
	for start > 0 && rs[start-1] != '\n' {
		start--
	}
	for end < len(rs) && rs[end] != '\n' {
		end++
	}
	line := strings.TrimSpace(string(rs[start:end]))
	if n := len([]rune(line)); n == 0 || n >= 30 || strings.ContainsAny(line, "0123456789") {
		return false
	}
	line = strings.TrimRight(line, "）)")
	return strings.HasSuffix(line, "图") || strings.HasSuffix(line, "摄")
}

// ---- periods ---------------------------------------------------------------

type periodKind int

const (
	pkIgnore   periodKind = iota // publication dates, year ranges in notes, book titles
	pkPeriod                     // a reporting period with a year
	pkNoYear                     // a reporting period needing the carried year (1-6月份, 全年, 年末)
	pkAsOf                       // 截至YYYY年M月: a date
	pkSince                      // 自YYYY年以来, 10年来, 近年来: cumulative since
	pkRelative                   // 去年, 今年
	pkLocal                      // 从2012年的 / 到2021年的: a year for the next value (and carried)
)

type periodEv struct {
	start, end int // runes
	kind       periodKind
	year       int
	from, to   int    // months for flows; to = month for as-of
	day        int    // as-of day
	yearEnd    bool   // 年末, 年底
	fullYear   bool   // 全年
	rel        int    // relative year offset: -1 去年
	asOfMonth  bool   // 8月末: the month's last day, year carried
	written    string //
}

var rePeriod = regexp.MustCompile(`(?:截至|截止到|截止|到)?(?P<range>\d{4})-\d{4}年|` +
	`(?P<fulldate>\d{4})年\d{1,2}月\d{1,2}日|` +
	`(?P<monthday>\d{1,2})月\d{1,2}日|` +
	`(?:从|到|至)(?P<local>\d{4})年的|` +
	`(?:截至|截止到|截止|到)(?P<asof>\d{4})年(?:(?P<asofm>\d{1,2})月)?(?:底|末)?|` +
	`(?:自|从)?(?P<since>\d{4})年以来|(?P<since2>近年来|近(?:\d+|[一二三四五六七八九十]+)年|(?:\d+|[一二三四五六七八九十]+)年来)|` +
	`(?P<y>\d{4})年(?:1月?(?:-|—|－|至|到)(?P<yto>\d{1,2})月份?|(?P<yq13>前三季度)|(?P<yh1>上半年)|(?P<yh2>下半年)|(?:第)?(?P<yq>[一二三四])季度|(?P<yfull>全年)|(?P<yend>年末|年底|末|底)|(?P<ym>\d{1,2})月份?(?P<ymend>末|底)?)?|` +
	`(?P<nm>\d{1,2})月(?:末|底)|` +
	`(?:^|[^\d.])(?P<n1>1)月?(?:-|—|－|至|到)(?P<nto>\d{1,2})月份?|(?P<nq13>前三季度)|(?P<nh1>上半年)|(?P<nh2>下半年)|(?:第)?(?P<nq>[一二三四])季度|(?P<nfull>全年)|(?P<nend>年末|年底)|` +
	`(?P<rel>去年|今年|上年度)(?:(?P<reln>1月?(?:-|—|－|至|到)(?P<relto>\d{1,2})月份?))?`)

var periodGroup = func() map[string]int {
	m := map[string]int{}
	for i, n := range rePeriod.SubexpNames() {
		if n != "" {
			m[n] = i
		}
	}
	return m
}()

func cnDigit(s string) int {
	return map[string]int{"一": 1, "二": 2, "三": 3, "四": 4}[s]
}

// scanPeriods finds the period phrases in rs[from:to].
func scanPeriods(rs []rune, from, to int) []periodEv {
	s := string(rs[from:to])
	idx := runeIndex(s)
	var out []periodEv
	for _, m := range rePeriod.FindAllStringSubmatchIndex(s, -1) {
		has := func(n string) bool { return m[2*periodGroup[n]] >= 0 }
		g := func(n string) string {
			i := periodGroup[n]
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		atoi := func(v string) int { n, _ := strconv.Atoi(v); return n }
		st, en := m[0], m[1]
		p := periodEv{kind: pkIgnore}
		switch {
		case has("range"), has("fulldate"), has("monthday"):
		case has("local"):
			p.kind, p.year = pkLocal, atoi(g("local"))
		case has("asof"):
			p.kind, p.year = pkAsOf, atoi(g("asof"))
			if has("asofm") {
				p.to = atoi(g("asofm"))
			} else {
				p.to, p.yearEnd = 12, true
			}
		case has("since"), has("since2"):
			p.kind = pkSince
			if has("since") {
				p.year = atoi(g("since"))
			}
		case has("y"):
			p.kind, p.year = pkPeriod, atoi(g("y"))
			switch {
			case has("yto"):
				p.from, p.to = 1, atoi(g("yto"))
			case has("yq13"):
				p.from, p.to = 1, 9
			case has("yh1"):
				p.from, p.to = 1, 6
			case has("yh2"):
				p.from, p.to = 7, 12
			case has("yq"):
				q := cnDigit(g("yq"))
				p.from, p.to = 3*q-2, 3*q
			case has("yfull"):
				p.from, p.to, p.fullYear = 1, 12, true
			case has("yend"):
				p.kind, p.to, p.yearEnd = pkAsOf, 12, true
			case has("ym"):
				mo := atoi(g("ym"))
				if has("ymend") {
					p.kind, p.to = pkAsOf, mo
				} else {
					p.from, p.to = mo, mo
				}
			default:
				p.from, p.to = 1, 12
			}
		case has("nm"):
			p.kind, p.to = pkNoYear, atoi(g("nm"))
			p.asOfMonth = true
		case has("n1"):
			p.kind, p.from, p.to = pkNoYear, 1, atoi(g("nto"))
			st = m[2*periodGroup["n1"]] // after the guard character
		case has("nq13"):
			p.kind, p.from, p.to = pkNoYear, 1, 9
		case has("nh1"):
			p.kind, p.from, p.to = pkNoYear, 1, 6
		case has("nh2"):
			p.kind, p.from, p.to = pkNoYear, 7, 12
		case has("nq"):
			q := cnDigit(g("nq"))
			p.kind, p.from, p.to = pkNoYear, 3*q-2, 3*q
		case has("nfull"):
			p.kind, p.from, p.to, p.fullYear = pkNoYear, 1, 12, true
		case has("nend"):
			p.kind, p.to, p.yearEnd = pkNoYear, 12, true
		case has("rel"):
			p.kind = pkRelative
			p.rel = map[string]int{"去年": -1, "今年": 0, "上年度": -1}[g("rel")]
			if has("reln") {
				// 今年1-8月: the relative year, then the months as a
				// period of the carried year.
				r := periodEv{kind: pkNoYear, from: 1, to: atoi(g("relto"))}
				r.start, r.end = from+idx[m[2*periodGroup["reln"]]], from+idx[en]
				r.written = string(rs[r.start:r.end])
				en = m[2*periodGroup["reln"]]
				p.start, p.end = from+idx[st], from+idx[en]
				p.written = string(rs[p.start:p.end])
				out = append(out, p, r)
				continue
			}
		}
		p.start, p.end = from+idx[st], from+idx[en]
		p.written = string(rs[p.start:p.end])
		out = append(out, p)
	}
	return out
}

// runeIndex maps byte offsets of s (at rune starts, and len(s)) to rune
// offsets.
func runeIndex(s string) []int {
	idx := make([]int, len(s)+1)
	n := 0
	for i := 0; i < len(s); i++ {
		idx[i] = n
		if i+1 >= len(s) || isRuneStart(s[i+1]) {
			n++
		}
	}
	idx[len(s)] = n
	return idx
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// ctxPeriod is the period carried through a paragraph.
type ctxPeriod struct {
	p       *period.Period
	written string
	note    string
	since   bool // 自…以来, 近年来: cumulative since, end unknown
	yearEnd bool // 截至YYYY年, YYYY年末: a stock's date, a flow's whole year
	fromDoc bool // the document year a paragraph starts from, not a year stated in it
	year    int  // the carried year (0 unknown)
}

func (x *extractor) yearCtx(year int, src string) ctxPeriod {
	if year == 0 {
		return ctxPeriod{}
	}
	p := period.NewYear(year)
	note := ""
	if src != "" {
		note = fmt.Sprintf("年份取自%s（%d年）", src, year)
	}
	return ctxPeriod{p: &p, year: year, note: note, fromDoc: true}
}

// apply updates the carried period with a period phrase.
func (x *extractor) apply(c ctxPeriod, p periodEv) ctxPeriod {
	switch p.kind {
	case pkIgnore:
		return c
	case pkSince:
		return ctxPeriod{since: true, written: p.written, note: "“" + p.written + "”：累计或期间数，终止时点未写明", year: c.year}
	case pkRelative:
		if x.published == "" {
			return ctxPeriod{written: p.written, note: "“" + p.written + "”：相对年份，发布日期不详"}
		}
		y, _ := strconv.Atoi(x.published[:4])
		y += p.rel
		pp := period.NewYear(y)
		return ctxPeriod{p: &pp, year: y, written: p.written, note: fmt.Sprintf("“%s”按发布日期%s计为%d年", p.written, x.published, y)}
	}
	year, note := p.year, ""
	if p.kind == pkNoYear {
		switch {
		case (p.fullYear || p.yearEnd) && x.titleYear != 0:
			year, note = x.titleYear, fmt.Sprintf("“%s”按标题年份计为%d年", p.written, x.titleYear)
		case c.year != 0 && !c.fromDoc:
			year, note = c.year, fmt.Sprintf("“%s”的年份承上文（%d年）", p.written, c.year)
		case x.docYear != 0:
			year, note = x.docYear, fmt.Sprintf("“%s”的年份取自%s（%d年）", p.written, x.yearSrc, x.docYear)
		default:
			return ctxPeriod{written: p.written, note: "“" + p.written + "”未写年份，全文亦无可用年份"}
		}
	}
	var pp period.Period
	var err error
	switch {
	case p.kind == pkAsOf || (p.kind == pkNoYear && (p.yearEnd || p.asOfMonth)):
		d := time.Date(year, time.Month(p.to)+1, 0, 0, 0, 0, 0, time.UTC)
		if p.day != 0 {
			d = time.Date(year, time.Month(p.to), p.day, 0, 0, 0, 0, time.UTC)
		}
		pp = period.NewDate(d)
		if p.kind == pkAsOf && !p.yearEnd {
			note = strings.TrimPrefix(note+"；", "；") + fmt.Sprintf("“%s”按该月末（%s）计", p.written, d.Format("2006-01-02"))
		}
	case p.kind == pkLocal:
		pp = period.NewYear(year)
	default:
		pp, err = period.FromMonths(year, p.from, p.to)
		if p.from == 1 && p.to == 6 && (strings.Contains(p.written, "上半年")) {
			pp, err = period.NewHalf(year, 1)
		}
		if p.from == 1 && p.to == 9 && strings.Contains(p.written, "前三季度") {
			pp = period.NewThreeQuarters(year)
		}
		if err != nil {
			return ctxPeriod{written: p.written, note: err.Error()}
		}
	}
	return ctxPeriod{p: &pp, year: year, written: p.written, note: note, yearEnd: p.yearEnd && p.to == 12}
}

// Display prints the record's value the way a bulletin does, from the exact
// stored value: 1402.74亿元, 2.36%, 1.57万家, -2.46‰, 6.5:55.8:37.7,
// 10—15家; "—" when the statement has no value (growth or rank only).
func (r Record) Display() string {
	if r.Unit == UnitParts && len(r.Parts) > 0 {
		var s []string
		for _, p := range r.Parts {
			s = append(s, p.String())
		}
		return strings.Join(s, ":")
	}
	if r.Value == nil {
		return "—"
	}
	f := func(v decimal.Decimal) string {
		switch r.Unit {
		case UnitYuan:
			return quantity.Format(v, quantity.Yuan, "", -1)
		case UnitPercent:
			return quantity.Format(v, quantity.Percent, "", -1)
		case UnitPermille:
			return v.Shift(3).String() + "‰"
		case UnitCount, UnitPersons:
			u := quantity.Count
			if r.Unit == UnitPersons {
				u = quantity.Persons
			}
			return quantity.Format(v, u, quantity.CounterWord("1"+lastRune(r.UnitWritten)), -1)
		case UnitWh:
			return strings.TrimSuffix(quantity.Format(v, quantity.Tonnes, "", -1), "吨") + "瓦时"
		}
		return v.String()
	}
	if r.ValueHigh != nil {
		lo, hi := f(*r.Value), f(*r.ValueHigh)
		return strings.TrimRight(lo, "亿万元家个项件户人名%瓦时") + "—" + hi
	}
	return f(*r.Value)
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// GrowthDisplay words the record's growth figures as bulletins do:
// "同比增长13.7%", "年均增长15.9%", "提高0.2个百分点", "高出平均3.6个百分点";
// "" when there are none.
func (r Record) GrowthDisplay() string {
	var out []string
	if r.YoY != nil {
		p := "同比" + quantity.GrowthPhrase(*r.YoY)
		if r.YoYBasis != "" {
			p = "可比价" + quantity.GrowthPhrase(*r.YoY)
		}
		out = append(out, p)
	}
	if r.CAGR != nil {
		out = append(out, "年均"+quantity.GrowthPhrase(*r.CAGR))
	}
	if r.PPChange != nil {
		out = append(out, quantity.PointsPhrase(*r.PPChange))
	}
	if r.VsAverage != nil {
		w := "高出平均"
		if r.VsAverage.Sign() < 0 {
			w = "低于平均"
		}
		out = append(out, w+quantity.FormatPoints(r.VsAverage.Abs()))
	}
	for _, rk := range r.Ranks {
		out = append(out, rk.Written)
	}
	return strings.Join(out, "，")
}
