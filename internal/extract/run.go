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
)

// ---- events -------------------------------------------------------------------

type evKind int

const (
	evIgnore evKind = iota
	evPeriod
	evValue
	evGrowth // yoy, cagr, pp, flat
	evVsAvg
	evMultiple
	evRank
)

type event struct {
	kind       evKind
	start, end int // normalised runes
	p          periodEv
	v          valueEv
	g          growthEv
	r          []Rank
	dist       string // 均, 分别
}

type valueEv struct {
	qual     string
	suffix   string
	num      decimal.Decimal
	value    decimal.Decimal
	unit     string // base unit class
	unitW    string // magnitude and unit as written (亿元)
	bare     bool
	numStart int
	parts    []decimal.Decimal
	high     *decimal.Decimal
}

type growthEv struct {
	kind    string // yoy, cagr, pp
	values  []decimal.Decimal
	written string
	basis   string
}

const num = `\d+(?:,\d{3})*(?:\.\d+)?`

var (
	reValue   = regexp.MustCompile(`(?P<q>达到|达|超过|超出|超|突破|增至|增加到|增长到|增长至|提升至|提升到|提高到|提高至|升至|上升到|上升至|将近|接近|近|约|逾)?(?P<sign>[-+])?(?P<n>` + num + `)(?:(?:-|至|到)(?P<n2>` + num + `))?(?P<mag>万亿|千亿|百亿|千万|百万|亿|万|千)?(?P<approx>多|余)?(?P<u>元|美元|%|‰|个百分点|平方公里|平方米|千瓦时|瓦时|GWh|千瓦|吨|亩|人次|人|名|位|户|家|个|项|件|台|套|座|所|篇|条|款|批|倍)(?P<suf>以上|左右|多)?`)
	reCNValue = regexp.MustCompile(`(?P<q>将近|接近|近|约|超过|超|达到|达|逾)?(?P<n>[一二两三四五六七八九十百千万]+)(?P<approx>余|多)?(?P<u>家|个|项|件|户|所|座|名|人|位)`)
	reGrowth  = regexp.MustCompile(`(?P<dist>分别)?(?P<cmp>比上年同期|比上年|较上年同期|较上年|比去年同期|比去年|同比|与上年相比|较去年同期)?,?(?P<basis>按可比价格计算,?|按可比口径计算,?|可比价|可比|现价)?(?P<verb>增长|增加|下降|减少|回落|提高|提升|上升|降低|下滑|增速为|增速|增幅为|增幅|负增长)了?为?(?P<sign>[-+])?(?P<n>\d+(?:\.\d+)?)(?P<u>%|个百分点|倍)(?P<more>(?:[、,和及与][-+]?\d+(?:\.\d+)?(?:%|个百分点))*)`)
	reCAGR    = regexp.MustCompile(`年均(?:增长|增速为|增速|递增|增幅为|增幅)?为?(?P<sign>[-+])?(?P<n>\d+(?:\.\d+)?)%`)
	reFlat    = regexp.MustCompile(`(?:同比|比上年|与上年|较上年)(?:基本)?持平`)
	reVsAvg   = regexp.MustCompile(`(?P<verb>高出|高于|超出|快于|低于|慢于)(?P<of>[^\d,;:。]{0,12}?)(?P<n>\d+(?:\.\d+)?)个百分点`)
	reMult    = regexp.MustCompile(`[是为](?:[^\d,;。]{0,6}?\d{4}年)?的?(?P<n>\d+(?:\.\d+)?)倍`)
	reShares  = regexp.MustCompile(`分别占[^。;]*?\d+(?:\.\d+)?%(?:[、和及与]\d+(?:\.\d+)?%)+|[一二三四五六七八九十]分之[一二三四五六七八九十]`)
	reRank    = regexp.MustCompile(`(?P<dist>均|分别)?(?P<verb>位居|位列|居于|居|排名|排在|排|位于|列)(?P<scope>全国城市|全国区县|全省区县|全市区县|全国|全省|全市|全区|全球|世界|西部地区|西部|中西部|中部|东部|东北|省内|市内|同类城市|副省级城市)?第(?P<r>[一二三四五六七八九十]+|\d+)(?:位|名)?(?P<more>(?:[、和及与]第(?:[一二三四五六七八九十]+|\d+)(?:位|名)?)*)`)
	reTop     = regexp.MustCompile(`(?P<verb>进入|跻身|位居|位列|居|排名)(?P<scope>全国|全省|全市|全球|世界|西部|中西部)?前(?P<r>\d+|[一二三四五六七八九十]+)(?:位|名|强)?`)
	reMore    = regexp.MustCompile(`[-+]?\d+(?:\.\d+)?`)
	reMoreCN  = regexp.MustCompile(`第([一二三四五六七八九十]+|\d+)`)
	reParts   = regexp.MustCompile(`^(?:为|是|:)?(` + num + `)(?::(` + num + `)){2,}`)
	reBare    = regexp.MustCompile(`^(?:\([^()]{1,12}\))?(?:为|达到|达|是|:)?(?P<sign>-)?(?P<n>\d+(?:\.\d+)?)`)
)

func groupsOf(re *regexp.Regexp, s string, m []int) func(string) string {
	return func(name string) string {
		i := re.SubexpIndex(name)
		if i < 0 || m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
}

// cnNumber reads a Chinese numeral (十余 → 10, 近万 → 10000, 三百 → 300,
// 两 → 2); ok false for anything else.
func cnNumber(s string) (int64, bool) {
	digits := map[rune]int64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	var total, section, n int64
	for _, c := range s {
		if d, ok := digits[c]; ok {
			n = d
			continue
		}
		var u int64
		switch c {
		case '十':
			u = 10
		case '百':
			u = 100
		case '千':
			u = 1000
		case '万':
			section += n
			if section == 0 {
				section = 1
			}
			total += section * 10000
			section, n = 0, 0
			continue
		default:
			return 0, false
		}
		if n == 0 {
			n = 1
		}
		section += n * u
		n = 0
	}
	return total + section + n, true
}

var magShift = map[string]int32{"万亿": 12, "千亿": 11, "百亿": 10, "千万": 7, "百万": 6, "亿": 8, "万": 4, "千": 3}

// unitClass maps a unit word to its base unit and the shift it applies.
func unitClass(u string) (string, int32) {
	switch u {
	case "元":
		return UnitYuan, 0
	case "%":
		return UnitPercent, -2
	case "‰":
		return UnitPermille, -3
	case "瓦时":
		return UnitWh, 0
	case "千瓦时":
		return UnitWh, 3
	case "GWh":
		return UnitWh, 9
	case "人", "名", "位", "人次":
		return UnitPersons, 0
	case "户", "家", "个", "项", "件", "台", "套", "座", "所", "篇", "条", "款", "批":
		return UnitCount, 0
	}
	return "", 0
}

func cnRank(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	n, _ := cnNumber(s)
	return int(n)
}

// scanEvents finds every event in rs[from:to], non-overlapping, in order.
func (x *extractor) scanEvents(from, to int) []event {
	rs := x.t.r
	s := string(rs[from:to])
	idx := runeIndex(s)
	var evs []event
	add := func(e event, st, en int) {
		e.start, e.end = from+idx[st], from+idx[en]
		evs = append(evs, e)
	}
	for _, p := range scanPeriods(rs, from, to) {
		evs = append(evs, event{kind: evPeriod, start: p.start, end: p.end, p: p})
	}
	for _, m := range reShares.FindAllStringIndex(s, -1) {
		add(event{kind: evIgnore}, m[0], m[1])
	}
	for _, m := range reCAGR.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reCAGR, s, m)
		v := decimal.RequireFromString(g("n")).Shift(-2)
		if g("sign") == "-" {
			v = v.Neg()
		}
		add(event{kind: evGrowth, g: growthEv{kind: "cagr", values: []decimal.Decimal{v}, written: s[m[0]:m[1]]}}, m[0], m[1])
	}
	for _, m := range reFlat.FindAllStringIndex(s, -1) {
		add(event{kind: evGrowth, g: growthEv{kind: "yoy", values: []decimal.Decimal{decimal.Zero}, written: s[m[0]:m[1]]}}, m[0], m[1])
	}
	for _, m := range reGrowth.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reGrowth, s, m)
		neg := slices.Contains([]string{"下降", "减少", "回落", "降低", "下滑", "负增长"}, g("verb"))
		kind, shift := "yoy", int32(-2)
		switch g("u") {
		case "个百分点":
			kind = "pp"
		case "倍":
			shift = 0 // 增长3倍: +300%
		}
		var vals []decimal.Decimal
		for i, t := range append([]string{g("sign") + g("n")}, reMore.FindAllString(g("more"), -1)...) {
			v := decimal.RequireFromString(t).Shift(shift)
			if i > 0 && kind == "yoy" && strings.Contains(g("more"), "个百分点") {
				kind = "mixed"
			}
			if neg {
				v = v.Neg()
			}
			vals = append(vals, v)
		}
		if kind == "mixed" {
			add(event{kind: evIgnore}, m[0], m[1])
			continue
		}
		basis := ""
		if strings.Contains(g("basis"), "可比") {
			basis = "可比价"
		}
		e := event{kind: evGrowth, g: growthEv{kind: kind, values: vals, written: s[m[0]:m[1]], basis: basis}}
		if g("dist") != "" {
			e.dist = "分别"
		}
		add(e, m[0], m[1])
	}
	for _, m := range reVsAvg.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reVsAvg, s, m)
		v := decimal.RequireFromString(g("n")).Shift(-2)
		if g("verb") == "低于" || g("verb") == "慢于" {
			v = v.Neg()
		}
		add(event{kind: evVsAvg, g: growthEv{kind: "vs", values: []decimal.Decimal{v}, written: s[m[0]:m[1]], basis: strings.Trim(g("of"), "的")}}, m[0], m[1])
	}
	for _, m := range reMult.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reMult, s, m)
		add(event{kind: evMultiple, g: growthEv{kind: "multiple", values: []decimal.Decimal{decimal.RequireFromString(g("n"))}, written: s[m[0]:m[1]]}}, m[0], m[1])
	}
	growthBefore := func(st int) bool {
		pre := s[:st]
		r := []rune(pre)
		tail := string(r[max(0, len(r)-4):])
		return strings.Contains(tail, "增速") || strings.Contains(tail, "增幅")
	}
	for _, m := range reRank.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reRank, s, m)
		of := "value"
		if growthBefore(m[0]) {
			of = "growth"
		}
		var rk []Rank
		for _, t := range append([]string{"第" + g("r")}, reMoreCN.FindAllString(g("more"), -1)...) {
			rk = append(rk, Rank{Rank: cnRank(strings.TrimPrefix(t, "第")), Scope: g("scope"), Of: of, Written: s[m[0]:m[1]]})
		}
		add(event{kind: evRank, r: rk, dist: g("dist")}, m[0], m[1])
	}
	for _, m := range reTop.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reTop, s, m)
		of := "value"
		if growthBefore(m[0]) {
			of = "growth"
		}
		add(event{kind: evRank, r: []Rank{{Rank: cnRank(g("r")), Scope: g("scope"), Of: of, WithinTop: true, Written: s[m[0]:m[1]]}}}, m[0], m[1])
	}
	for _, m := range reValue.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reValue, s, m)
		ns := m[2*reValue.SubexpIndex("n")]
		if g("sign") != "" {
			ns--
		}
		if ns > 0 {
			prev := s[:ns]
			if c := prev[len(prev)-1]; (c >= '0' && c <= '9') || c == '.' || isLatin(rune(c)) {
				continue
			}
			if strings.HasSuffix(prev, "第") || strings.HasSuffix(prev, "图") || strings.HasSuffix(prev, "表") || (strings.HasSuffix(prev, "前") || strings.HasSuffix(prev, "后")) && (g("u") == "位" || g("u") == "名") {
				continue
			}
		}
		u := g("u")
		if strings.HasPrefix(s[m[1]:], "的") {
			// 超过100亿元的有…2个市, 100亿元的目标: a threshold or an attribute, not a figure
			add(event{kind: evIgnore}, m[0], m[1])
			continue
		}
		if u == "个百分点" || u == "倍" || u == "美元" || u == "平方米" || u == "亩" || u == "吨" || u == "平方公里" || u == "千瓦" {
			add(event{kind: evIgnore}, m[0], m[1])
			continue
		}
		class, shift := unitClass(u)
		if class == "" {
			continue
		}
		n := decimal.RequireFromString(strings.ReplaceAll(g("n"), ",", ""))
		if g("sign") == "-" {
			n = n.Neg()
		}
		mag := g("mag")
		if mag != "" && (class == UnitPercent || class == UnitPermille) {
			continue
		}
		v := n.Shift(magShift[mag] + shift)
		approx := g("approx")
		ve := valueEv{qual: g("q"), suffix: approx + g("suf"), num: n, value: v, unit: class, unitW: mag + approx + u, numStart: from + idx[ns]}
		if n2 := g("n2"); n2 != "" {
			// a range, 10-15家, 3至5个: the low end is the value, the high end ValueHigh
			hi := decimal.RequireFromString(strings.ReplaceAll(n2, ",", "")).Shift(magShift[mag] + shift)
			if !hi.GreaterThan(v) {
				continue
			}
			ve.high = &hi
		}
		add(event{kind: evValue, v: ve}, m[0], m[1])
	}
	for _, m := range reCNValue.FindAllStringSubmatchIndex(s, -1) {
		g := groupsOf(reCNValue, s, m)
		ns := m[2*reCNValue.SubexpIndex("n")]
		if pre := s[:ns]; strings.HasSuffix(pre, "第") || strings.HasSuffix(pre, "前") || strings.HasSuffix(pre, "后") {
			continue // 第四次, 前五位: ordinals and ranks
		}
		n, ok := cnNumber(g("n"))
		if !ok || n <= 1 {
			continue
		}
		class, _ := unitClass(g("u"))
		d := decimal.NewFromInt(n)
		ve := valueEv{qual: g("q"), suffix: g("approx"), num: d, value: d, unit: class, unitW: g("n") + g("approx") + g("u"), numStart: from + idx[ns]}
		add(event{kind: evValue, v: ve}, m[0], m[1])
	}
	// non-overlapping: earlier start wins, then the longer, then the kind
	// listed first (growth and ranks consume their numbers before values)
	slices.SortStableFunc(evs, func(a, b event) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return b.end - a.end
		}
		return 0
	})
	var out []event
	last := -1
	for _, e := range evs {
		if e.start < last {
			continue
		}
		out = append(out, e)
		last = e.end
	}
	return out
}

// ---- the main pass ------------------------------------------------------------

var (
	reContext = regexp.MustCompile(`(其中|[\p{Han}A-Za-z&]{2,12}?中)[,:]`)
	reShareOf = regexp.MustCompile(`占([\p{Han}A-Za-z&]{1,16}?)的?(?:比重|比例)?(?:为|达到|达)?$`)
	reCont    = regexp.MustCompile(`^[,、]?而?(?:(?:增加|增长|提升|提高|上升)(?:到|至)?|增至)?$`)
	reAttrEnd = regexp.MustCompile(`(?:达到|达|为|实现|完成)?$`)
)

// rePlace is a place name at the start of a window, before an indicator:
// 2–3 characters and 市, 县, 区 or 州, right before an indicator term.
var rePlace = regexp.MustCompile(`^[,、:]?(?:其中)?,?(\p{Han}{2,3}(?:市|县|区|州))`)

// notPlaces end like place names but are not.
var notPlaces = []string{"城区", "园区", "高新区", "开发区", "新区", "辖区", "社区", "景区", "示范区", "自贸区", "各市", "各区", "各县", "地市", "省市", "市州", "分市州"}

// termStartsAt reports whether a lexicon term starts at rune i.
func (x *extractor) termStartsAt(i int) bool {
	for _, tr := range x.lex.terms {
		if runesAt(x.t.r, i, tr.r) {
			return true
		}
	}
	return false
}

func isTableLine(s string) bool { return strings.Count(s, "|") >= 3 }

func (x *extractor) run() {
	rs := x.t.r
	var lines [][2]int
	st := 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || rs[i] == '\n' {
			lines = append(lines, [2]int{st, i})
			st = i + 1
		}
	}
	for li := 0; li < len(lines); li++ {
		l := lines[li]
		line := string(rs[l[0]:l[1]])
		if isTableLine(line) {
			block := [][2]int{l}
			for li+1 < len(lines) {
				nx := string(rs[lines[li+1][0]:lines[li+1][1]])
				if isTableLine(nx) || strings.Trim(nx, "…. ") == "" {
					li++
					if isTableLine(nx) {
						block = append(block, lines[li])
					}
					continue
				}
				break
			}
			x.table(block)
			continue
		}
		if strings.HasPrefix(line, "注:") || strings.HasPrefix(line, "注1") || strings.HasPrefix(line, "资料来源") {
			continue
		}
		x.paragraph(l[0], l[1])
	}
	x.finish()
}

type paraState struct {
	ctx      ctxPeriod
	context  string
	lastRec  int // index in x.records of the paragraph's last record, -1 none
	groupRec []int
}

func (x *extractor) paragraph(ps, pe int) {
	rs := x.t.r
	st := &paraState{ctx: x.yearCtx(x.docYear, x.yearSrc), lastRec: -1}
	gs := ps
	for i := ps; i <= pe; i++ {
		if i == pe || strings.ContainsRune("。!?;", rs[i]) {
			if i > gs {
				x.group(gs, i, st)
			}
			gs = i + 1
		}
	}
}

// group reads one sentence part (up to 。!?;).
func (x *extractor) group(gs, ge int, st *paraState) {
	rs := x.t.r
	evs := x.scanEvents(gs, ge)
	st.groupRec = nil
	grpScope := x.subject
	cumulative := false
	lastEnd := gs
	lastRec := func() *Record {
		if len(st.groupRec) == 0 {
			return nil
		}
		return &x.records[st.groupRec[len(st.groupRec)-1]]
	}
	for _, e := range evs {
		win := [2]int{lastEnd, e.start}
		// scope words, context and markers in the window
		var item *scope
		if e.kind == evValue || e.kind == evGrowth {
			for _, h := range x.findScopes(rs, win[0], win[1]) {
				if h.end == e.start-1 && rs[h.end] == '(' {
					s := h.s
					item = &s
				} else {
					grpScope = h.s
				}
			}
			w := string(rs[win[0]:win[1]])
			// a place the gazetteer does not know (绵阳市R&D经费…): its own scope, unresolved
			if m := rePlace.FindStringSubmatchIndex(w); m != nil && len(x.findScopes(rs, win[0], win[1])) == 0 {
				name := w[m[2]:m[3]]
				at := win[0] + len([]rune(w[:m[3]]))
				if !slices.Contains(notPlaces, name) && !strings.HasPrefix(name, "全") && !strings.HasPrefix(name, "本") && x.termStartsAt(at) {
					grpScope = scope{written: name, name: name}
				}
			}
			for _, sw := range []string{"全区", "全市", "全省", "全县", "本区", "本市"} {
				if strings.Contains(w, sw) {
					grpScope = x.wholeRegion()
					grpScope.written = sw
				}
			}
			for _, sw := range []string{"区本级", "市本级", "县本级"} {
				if strings.Contains(w, sw) {
					grpScope = x.subject
					grpScope.written, grpScope.part = sw, sw
				}
			}
			if strings.Contains(w, "累计") {
				cumulative = true
			}
			if ms := reContext.FindAllStringSubmatch(w, -1); ms != nil {
				c := ms[len(ms)-1][1]
				if c == "其中" {
					if r := lastRec(); r != nil {
						c = r.Name
					} else if st.lastRec >= 0 {
						c = x.records[st.lastRec].Name
					}
				}
				st.context = strings.TrimSuffix(c, "中")
			}
		}
		switch e.kind {
		case evPeriod:
			st.ctx = x.apply(st.ctx, e.p)
			continue
		case evIgnore:
		case evValue:
			x.value(e, win, grpScope, item, cumulative, st)
		case evGrowth:
			x.growth(e, win, grpScope, item, cumulative, st)
		case evVsAvg, evMultiple:
			if r := lastRec(); r != nil && x.termIn(win[0], win[1], "", st.context) == nil {
				if e.kind == evVsAvg {
					v := e.g.values[0]
					r.VsAverage, r.VsWritten, r.VsAverageOf = &v, string(rs[e.start:e.end]), "value"
					if r.YoY != nil || r.CAGR != nil {
						r.VsAverageOf = "growth"
					}
				} else {
					v := e.g.values[0]
					r.Multiple, r.MultipleText = &v, string(rs[e.start:e.end])
				}
				r.vEnd = max(r.vEnd, e.end)
			} else if e.kind == evVsAvg && r == nil {
				// a gap without a figure: a statement of its own only with an indicator
				if ent, ts, te := x.pickTerm(win[0], win[1], "", st.context); ent != nil {
					v := e.g.values[0]
					rec := x.newRecord(ent, ts, te, grpScope, item, st, cumulative)
					rec.VsAverage, rec.VsWritten, rec.VsAverageOf = &v, string(rs[e.start:e.end]), "growth"
					rec.vEnd = e.end
					x.add(rec, st)
				}
			}
		case evRank:
			recs := st.groupRec
			switch {
			case len(recs) == 0:
			case e.dist == "均":
				for _, i := range recs {
					x.records[i].Ranks = append(x.records[i].Ranks, e.r...)
					x.records[i].vEnd = max(x.records[i].vEnd, e.end)
				}
			case e.dist == "分别" && len(e.r) <= len(recs):
				sel := recs[len(recs)-len(e.r):]
				for k, i := range sel {
					x.records[i].Ranks = append(x.records[i].Ranks, e.r[k])
					x.records[i].vEnd = max(x.records[i].vEnd, e.end)
				}
			case e.dist == "":
				if x.termIn(win[0], win[1], "", st.context) == nil {
					r := lastRec()
					r.Ranks = append(r.Ranks, e.r...)
					r.vEnd = max(r.vEnd, e.end)
				}
			}
		}
		lastEnd = e.end
	}
}

// termIn returns the entry of the nearest term in rs[from:to] (any unit),
// or nil.
func (x *extractor) termIn(from, to int, unit, context string) *Entry {
	e, _, _ := x.pickTerm(from, to, unit, context)
	return e
}

// unitFits reports whether a value of base unit u can be a figure of e.
func unitFits(e *Entry, u string) bool {
	switch {
	case u == "":
		return true
	case e.Unit == u:
		return true
	case e.Unit == UnitPercent && u == UnitPermille:
		return false
	}
	return false
}

// pickTerm finds the lexicon term nearest the end of rs[from:to] (the
// longest on a tie) whose entry fits unit ("" any) and context.
func (x *extractor) pickTerm(from, to int, unit, context string) (*Entry, int, int) {
	rs := x.t.r
	var best *Entry
	bs, be := -1, -1
	for _, tr := range x.lex.terms {
		if !unitFits(tr.entry, unit) {
			continue
		}
		if tr.entry.Context != "" && !strings.Contains(context, tr.entry.Context) {
			continue
		}
		for i := to - len(tr.r); i >= from; i-- {
			if !runesAt(rs, i, tr.r) {
				continue
			}
			end := i + len(tr.r)
			if end > be || (end == be && i < bs) || (end == be && i == bs && tr.entry.Context != "" && best.Context == "") {
				best, bs, be = tr.entry, i, end
			}
			break
		}
	}
	return best, bs, be
}

// firstTermAfter finds the first lexicon term in rs[from:to] fitting unit.
func (x *extractor) firstTermAfter(from, to int, unit, context string) (*Entry, int, int) {
	rs := x.t.r
	var best *Entry
	bs, be := to+1, 0
	for _, tr := range x.lex.terms {
		if !unitFits(tr.entry, unit) || (tr.entry.Context != "" && !strings.Contains(context, tr.entry.Context)) {
			continue
		}
		if i := indexRunes(rs, from, to, tr.r); i >= 0 && (i < bs || (i == bs && i+len(tr.r) > be)) {
			best, bs, be = tr.entry, i, i+len(tr.r)
		}
	}
	return best, bs, be
}

func (x *extractor) clauseEnd(i, limit int) int {
	rs := x.t.r
	for ; i < limit; i++ {
		if strings.ContainsRune(",;:。、", rs[i]) {
			return i
		}
	}
	return limit
}

func (x *extractor) value(e event, win [2]int, grp scope, item *scope, cumulative bool, st *paraState) {
	rs := x.t.r
	w := string(rs[win[0]:win[1]])
	v := e.v
	if strings.Contains(w, "合计") || strings.Contains(w, "总计") {
		return // a sum over a list: not a statement of one scope
	}
	var last *Record
	if len(st.groupRec) > 0 {
		last = &x.records[st.groupRec[len(st.groupRec)-1]]
	}
	var paraLast *Record
	if st.lastRec >= 0 {
		paraLast = &x.records[st.lastRec]
	}
	// a signed percentage in parentheses after a region continues a list of growth rates
	if v.unit == UnitPercent && item != nil && paraLast != nil && paraLast.Value == nil && paraLast.YoY != nil &&
		e.end < len(rs) && rs[e.end] == ')' && reCont.MatchString(x.stripScopes(win[0], win[1])) {
		g := v.value
		rec := x.cloneStatement(paraLast, grp, item, st, cumulative)
		rec.YoY, rec.YoYWritten = &g, string(rs[v.numStart:e.end])
		rec.qs, rec.vEnd = x.itemStart(win, item), e.end+1
		x.add(rec, st)
		return
	}
	ent, ts, te := x.pickTerm(win[0], win[1], v.unit, st.context)
	how := ""
	if ent != nil {
		// 新增, 引进 … before a stock's term: the new ones, not the stock
		pre := string(rs[win[0]:ts])
		flow := false
		introduced := strings.Contains(pre, "引进") || strings.Contains(pre, "引入")
		for _, verb := range []string{"新增", "新认定", "新培育", "新建", "获批"} {
			if strings.Contains(pre, verb) {
				flow = true
			}
		}
		switch {
		case introduced && ent.Stock:
			return // 引进: brought in from outside, neither the stock nor 新增
		case flow && ent.New != "":
			ent = x.lex.Entry(ent.New)
		case flow && ent.Stock:
			return // a flow of a stock indicator the lexicon has no entry for
		}
	}
	// attribute words and shares take the figure before
	if last != nil && last.entry != nil {
		after := win[0]
		if ent != nil {
			after = te
		}
		if len(last.entry.Attributes) > 0 {
			bestAt, bestLen := -1, 0
			var key string
			for word, k := range last.entry.Attributes {
				wr := []rune(word)
				if i := lastIndexRunes(rs, after, win[1], wr); i >= 0 && i > bestAt {
					if reAttrEnd.MatchString(string(rs[i+len(wr) : win[1]])) {
						bestAt, bestLen, key = i, len(wr), k
					}
				}
			}
			if key != "" {
				ent, ts, te, how = x.lex.Entry(key), bestAt, bestAt+bestLen, "attribute"
			}
		}
	}
	if (ent == nil || how == "") && (v.unit == UnitPercent) {
		if m := reShareOf.FindStringSubmatch(w); m != nil {
			if strings.Contains(w, "分别") {
				return
			}
			if ent == nil || !strings.Contains(string(rs[ts:win[1]]), "占") {
				ent = nil
				if last != nil && last.entry != nil {
					if k, ok := last.entry.Shares[m[1]]; ok {
						ent, how = x.lex.Entry(k), "share"
						ts, te = win[1]-len([]rune(m[0])), win[1]
					}
				}
				if ent == nil {
					// 地方财政科技支出占地方一般公共预算支出的比重为1.64%: the term right before 占
					zhan := win[1] - len([]rune(m[0]))
					if of, os, oe := x.pickTerm(win[0], zhan, "", st.context); of != nil && oe == zhan {
						if k, ok := of.Shares[m[1]]; ok {
							ent, how = x.lex.Entry(k), "share"
							ts, te = os, win[1]
						}
					}
				}
				if ent == nil {
					return
				}
			}
		}
	}
	if ent == nil && v.unit == UnitCount {
		// 105家规上科技服务业企业, 5219户企业提前享受…
		if en, as, ae := x.firstTermAfter(e.end, x.clauseEnd(e.end, len(rs)), v.unit, st.context); en != nil {
			ent, ts, te, how = en, as, ae, "after"
		}
	}
	if ent == nil {
		// continuation: 从2012年的33.8亿元增加到2021年的92.6亿元; 合肥(…)、安庆(…)
		rest := x.stripScopes(win[0], win[1])
		prev := last
		if prev == nil && item != nil {
			prev = paraLast
		}
		if prev != nil && prev.entry != nil && prev.Value != nil && unitFits(prev.entry, v.unit) && reCont.MatchString(rest) {
			ent, ts, te, how = prev.entry, -1, -1, "continuation"
		}
	}
	if ent == nil {
		return
	}
	rec := x.newRecord(ent, ts, te, grp, item, st, cumulative)
	if how == "continuation" {
		rec.Indicator = last0(last, paraLast).Indicator
		rec.qs = x.itemStart(win, item)
	}
	val := v.value
	rec.Value, rec.Unit, rec.UnitWritten = &val, v.unit, v.unitW

	rec.ValueWritten = string(rs[v.numStart:e.end])
	rec.Qualifier = v.qual
	if v.suffix != "" {
		rec.Qualifier = strings.TrimPrefix(rec.Qualifier+"、"+v.suffix, "、")
	}
	if v.high != nil {
		rec.ValueHigh = v.high
		rec.Qualifier = "区间"
		rec.Flags = append(rec.Flags, "range")
	}
	if v.unit == UnitWh && strings.Contains(v.unitW, "亿瓦时") {
		rec.Flags = append(rec.Flags, "unit_suspect:亿瓦时（1亿瓦时=0.1GWh）少见于产能表述，疑为GWh，请核对原文")
	}
	if how == "after" {
		rec.qs = min(rec.qs, e.start)
	} else {
		rec.qs = min(rec.qs, e.start)
	}
	rec.vEnd = max(e.end, te)
	if strings.Contains(w, "力争") || strings.Contains(w, "预计") || strings.Contains(w, "目标") {
		rec.Target = true
		rec.Note = strings.TrimPrefix(rec.Note+"；目标或预计数，不是实绩", "；")
	}
	x.check(&rec)
	x.add(rec, st)
}

func last0(a, b *Record) *Record {
	if a != nil {
		return a
	}
	return b
}

func lastIndexRunes(rs []rune, from, to int, w []rune) int {
	for i := to - len(w); i >= from; i-- {
		if runesAt(rs, i, w) {
			return i
		}
	}
	return -1
}

// itemStart is where a list item's quote starts: its scope name.
func (x *extractor) itemStart(win [2]int, item *scope) int {
	if item == nil {
		return win[1]
	}
	return win[1] - 1 - len([]rune(item.written))
}

// stripScopes returns rs[from:to] without scope names and period phrases.
func (x *extractor) stripScopes(from, to int) string {
	rs := x.t.r
	keep := make([]bool, to-from)
	for i := range keep {
		keep[i] = true
	}
	for _, h := range x.findScopes(rs, from, to) {
		for k := h.start; k < h.end; k++ {
			keep[k-from] = false
		}
	}
	for _, p := range scanPeriods(rs, from, to) {
		for k := p.start; k < p.end; k++ {
			keep[k-from] = false
		}
	}
	var b strings.Builder
	for i, k := range keep {
		if k && rs[from+i] != '(' && rs[from+i] != ')' {
			b.WriteRune(rs[from+i])
		}
	}
	return b.String()
}

func (x *extractor) growth(e event, win [2]int, grp scope, item *scope, cumulative bool, st *paraState) {
	rs := x.t.r
	written := string(rs[e.start:e.end])
	set := func(r *Record, v decimal.Decimal) bool {
		switch e.g.kind {
		case "yoy":
			if r.YoY != nil || r.CAGR != nil {
				return false
			}
			r.YoY, r.YoYWritten, r.YoYBasis = &v, written, e.g.basis
		case "cagr":
			if r.CAGR != nil {
				return false
			}
			r.CAGR, r.CAGRWritten = &v, written
			if v.GreaterThan(decimal.NewFromInt(1)) {
				r.Flags = append(r.Flags, "implausible:年均增长超过100%，请核对小数点")
			}
		case "pp":
			if r.PPChange != nil {
				return false
			}
			r.PPChange, r.PPWritten = &v, written
		}
		r.vEnd = max(r.vEnd, e.end)
		return true
	}
	recs := st.groupRec
	if e.dist == "分别" {
		n := len(e.g.values)
		if n > len(recs) {
			return
		}
		for k, i := range recs[len(recs)-n:] {
			set(&x.records[i], e.g.values[k])
		}
		return
	}
	if len(e.g.values) != 1 {
		return
	}
	ent, ts, te := x.pickTerm(win[0], win[1], "", st.context)
	if ent == nil && item == nil && len(recs) > 0 {
		set(&x.records[recs[len(recs)-1]], e.g.values[0])
		return
	}
	if ent == nil && item != nil && st.lastRec >= 0 {
		// 铜陵(增长4502.1%)、黄山(增长686.7%): a list of growth rates
		p := &x.records[st.lastRec]
		if p.Value == nil && reCont.MatchString(x.stripScopes(win[0], win[1])) {
			rec := x.cloneStatement(p, grp, item, st, cumulative)
			rec.qs = x.itemStart(win, item)
			set(&rec, e.g.values[0])
			rec.vEnd = e.end
			if e.end < len(rs) && rs[e.end] == ')' {
				rec.vEnd++
			}
			x.add(rec, st)
		}
		return
	}
	if ent == nil {
		return
	}
	// a growth rate of an indicator without its figure
	rec := x.newRecord(ent, ts, te, grp, item, st, cumulative)
	if item != nil {
		rec.qs = x.itemStart(win, item)
	}
	set(&rec, e.g.values[0])
	rec.vEnd = e.end
	if e.end < len(rs) && rs[e.end] == ')' {
		rec.vEnd++
	}
	rec.Flags = append(rec.Flags, "growth_only")
	x.add(rec, st)
}

// cloneStatement starts a record of the same indicator as p for another
// list item.
func (x *extractor) cloneStatement(p *Record, grp scope, item *scope, st *paraState, cumulative bool) Record {
	rec := x.newRecord(p.entry, -1, -1, grp, item, st, cumulative)
	rec.Indicator = p.Indicator
	return rec
}

func (x *extractor) add(rec Record, st *paraState) {
	x.records = append(x.records, rec)
	st.groupRec = append(st.groupRec, len(x.records)-1)
	st.lastRec = len(x.records) - 1
}

// newRecord starts a record of entry e named by the term at rs[ts:te].
func (x *extractor) newRecord(e *Entry, ts, te int, grp scope, item *scope, st *paraState, cumulative bool) Record {
	rs := x.t.r
	sc := grp
	if item != nil {
		sc = *item
	}
	rec := Record{entry: e, Key: e.Key, Name: e.Name, Code: e.Code, qs: ts, vEnd: te}
	if ts >= 0 {
		rec.Indicator = string(rs[ts:te])
	}
	if rec.qs < 0 {
		rec.qs = len(rs)
	}
	if sc.written == "" {
		sc.written = sc.name
	}
	rec.Scope, rec.ScopeName, rec.ScopeKind, rec.ScopeCode, rec.RegionCode, rec.ScopePart = sc.written, sc.name, sc.kind, sc.code, sc.region, sc.part
	if e.Key == "project_annual_capacity" && ts >= 0 {
		// the project is named before 年产: "成功引入涪陵赣锋锂电年产…"
		cs := ts
		for cs > 0 && !strings.ContainsRune(",、;:。\n", rs[cs-1]) {
			cs--
		}
		name := strings.TrimLeft(string(rs[cs:ts]), "")
		for _, verb := range []string{"成功引入", "引入", "引进", "签约", "落地", "建成", "新建"} {
			if i := strings.Index(name, verb); i >= 0 {
				name = name[i+len(verb):]
			}
		}
		if name != "" {
			rec.Scope, rec.ScopeName, rec.ScopeKind, rec.ScopeCode, rec.RegionCode, rec.ScopePart = name, name, "project", "", "", ""
		}
		rec.Period, rec.PeriodWritten, rec.PeriodNote = Capacity, string(rs[ts:te]), "年产能：每年的生产能力，不属于任何报告期"
		return rec
	}
	c := st.ctx
	rec.PeriodWritten, rec.PeriodNote = c.written, c.note
	switch {
	case c.since:
		if e.Stock && x.published != "" {
			d, _ := time.Parse("2006-01-02", x.published)
			rec.Period = period.NewDate(d).String()
			rec.PeriodNote = "“" + c.written + "”：存量按发布日期" + x.published + "计"
		}
	case c.p == nil:
	case cumulative:
		rec.Period = period.NewDate(c.p.End()).String()
		rec.PeriodNote = strings.TrimPrefix(c.note+"；累计数按期末（"+c.p.End().Format("2006-01-02")+"）计", "；")
	case !e.Stock && c.yearEnd && !c.p.IsFlow():
		rec.Period = period.NewYear(c.year).String()
		rec.PeriodNote = strings.TrimPrefix(c.note+"；“"+c.written+"”：流量指标按全年计", "；")
	case e.Stock && c.p.IsFlow():
		rec.Period = period.NewDate(c.p.End()).String()
		rec.PeriodNote = strings.TrimPrefix(c.note+"；存量指标按期末（"+c.p.End().Format("2006-01-02")+"）计", "；")
	default:
		rec.Period = c.p.String()
	}
	return rec
}

// check flags implausible values; it never changes them.
func (x *extractor) check(r *Record) {
	if r.Value == nil || r.entry == nil {
		return
	}
	if r.entry.max != nil && r.Value.GreaterThan(*r.entry.max) {
		r.Flags = append(r.Flags, fmt.Sprintf("implausible:%s超过%s，请核对单位或小数点", r.entry.Name, r.entry.max.Shift(2).String()+"%"))
	}
	if (r.Unit == UnitPercent) && r.Value.GreaterThan(decimal.NewFromInt(1)) && strings.Contains(r.Name, "比重") {
		r.Flags = append(r.Flags, "implausible:比重超过100%")
	}
}

// finish completes quotes, bare and ratio-tuple statements, and dates
// duplicates of dated figures.
func (x *extractor) finish() {
	x.bareStatements()
	slices.SortStableFunc(x.records, func(a, b Record) int { return a.qs - b.qs })
	for i := range x.records {
		r := &x.records[i]
		qs, qe := r.qs, r.vEnd
		if qe > len(x.t.r) {
			qe = len(x.t.r)
		}
		if qs >= qe {
			qs = max(0, qe-1)
		}
		r.Quote, r.Start, r.End = x.t.span(qs, qe)
		r.RuneStart = len([]rune(x.t.orig[:r.Start]))
		r.RuneEnd = r.RuneStart + len([]rune(r.Quote))
		if x.t.traditional > 3 && r.Quote != string(x.t.r[qs:qe]) {
			for _, c := range r.Quote {
				if _, ok := t2s[c]; ok {
					r.Flags = append(r.Flags, "traditional_script")
					break
				}
			}
		}
		if strings.Contains(r.Quote, "(") {
			for _, m := range regexp.MustCompile(`\(([^()]*)\)`).FindAllStringSubmatch(r.Quote, -1) {
				if isPinyinNote(m[1]) {
					r.Flags = append(r.Flags, "pinyin_injected")
					break
				}
			}
		}
	}
	// a figure repeated without a year (a headline's 去年…) takes the year of the dated one
	for i := range x.records {
		r := &x.records[i]
		if r.Period != "" || r.Value == nil {
			continue
		}
		for j := range x.records {
			o := &x.records[j]
			if j != i && o.Period != "" && o.Key == r.Key && o.Value != nil && o.Value.Equal(*r.Value) && o.ScopeName == r.ScopeName {
				r.Period = o.Period
				r.PeriodNote = strings.TrimPrefix(r.PeriodNote+"；与第"+strconv.Itoa(j+1)+"条同值同指标，期间取其期间", "；")
				r.Flags = append(r.Flags, "duplicate_of:"+strconv.Itoa(j+1))
				break
			}
		}
	}
}

// bareStatements reads figures written without a unit right after an
// indicator that allows it (R&D intensity "2.36", 性别比 "103.3") and ratio
// tuples (三次产业结构比为6.5:55.8:37.7).
func (x *extractor) bareStatements() {
	rs := x.t.r
	s := string(rs)
	idx := runeIndex(s)
	_ = idx
	for _, tr := range x.lex.terms {
		if !tr.entry.Bare && tr.entry.Unit != UnitParts {
			continue
		}
		for i := 0; i+len(tr.r) <= len(rs); i++ {
			if !runesAt(rs, i, tr.r) {
				continue
			}
			te := i + len(tr.r)
			// a longer term of another entry covering this one (R&D经费投入强度 vs R&D经费) is handled by its own entry
			covered := false
			for _, r := range x.records {
				if r.qs <= i && te <= r.vEnd {
					covered = true
				}
			}
			if covered {
				continue
			}
			rest := string(rs[te:min(len(rs), te+40)])
			if tr.entry.Unit == UnitParts {
				if m := reParts.FindStringSubmatch(rest); m != nil {
					full := m[0]
					nums := regexp.MustCompile(num).FindAllString(full, -1)
					var parts []decimal.Decimal
					for _, n := range nums {
						parts = append(parts, decimal.RequireFromString(n))
					}
					x.bareRecord(tr, i, te, te+len([]rune(full)), nil, parts, "")
				}
				continue
			}
			m := reBare.FindStringSubmatchIndex(rest)
			if m == nil {
				continue
			}
			after := rest[m[1]:]
			if after != "" {
				c := []rune(after)[0]
				if isDigit(c) || strings.ContainsRune(".%‰万亿千百元个家项件户人名位年月日号倍", c) {
					continue
				}
			}
			g := groupsOf(reBare, rest, m)
			v := decimal.RequireFromString(g("n"))
			if g("sign") == "-" {
				v = v.Neg()
			}
			flag := ""
			if tr.entry.Unit == UnitPercent {
				v = v.Shift(-2)
				flag = "missing_percent_sign"
			}
			x.bareRecord(tr, i, te, te+len([]rune(rest[:m[1]])), &v, nil, flag)
		}
	}
}

func (x *extractor) bareRecord(tr termRef, ts, te, ve int, v *decimal.Decimal, parts []decimal.Decimal, flag string) {
	rs := x.t.r
	// the period and scope in force at ts: re-read the paragraph up to ts
	ps := ts
	for ps > 0 && rs[ps-1] != '\n' {
		ps--
	}
	st := &paraState{ctx: x.yearCtx(x.docYear, x.yearSrc), lastRec: -1}
	grp := x.subject
	gs := ps
	for i := ps; i < ts; i++ {
		if strings.ContainsRune("。!?;", rs[i]) {
			gs = i + 1
		}
	}
	for _, p := range scanPeriods(rs, ps, ts) {
		st.ctx = x.apply(st.ctx, p)
	}
	for _, h := range x.findScopes(rs, gs, ts) {
		grp = h.s
	}
	rec := x.newRecord(tr.entry, ts, te, grp, nil, st, false)
	rec.Value, rec.Parts = v, parts
	rec.Unit = tr.entry.Unit
	rec.ValueWritten = strings.TrimLeft(string(rs[te:ve]), "为达到是:")
	if flag != "" {
		rec.Flags = append(rec.Flags, flag)
	}
	rec.vEnd = ve
	// what follows in the same sentence part: ranks, points
	ge := ve
	for ge < len(rs) && !strings.ContainsRune("。!?;\n", rs[ge]) {
		ge++
	}
	for _, e := range x.scanEvents(ve, ge) {
		if e.kind == evValue {
			break
		}
		switch e.kind {
		case evRank:
			rec.Ranks = append(rec.Ranks, e.r...)
			rec.vEnd = e.end
		case evGrowth:
			if e.g.kind == "pp" && rec.PPChange == nil {
				v := e.g.values[0]
				rec.PPChange, rec.PPWritten = &v, string(rs[e.start:e.end])
				rec.vEnd = e.end
			}
		}
	}
	x.check(&rec)
	x.records = append(x.records, rec)
}
