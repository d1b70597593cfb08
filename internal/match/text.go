package match

import (
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/kechuang/kechuang/internal/textseg"
)

// Index computes what a document stores in the inverted index: each
// distinct token of its weighted texts with its impact, and its length.
func Index(tok *textseg.Tokenizer, parts []Weighted) DocTerms {
	counts := map[string]int{}
	length := 0
	for _, p := range parts {
		for _, t := range tok.Tokens(p.Text) {
			counts[t.Text] += p.Weight
			length += p.Weight
		}
	}
	out := DocTerms{Terms: make([]string, 0, len(counts)), Impacts: make([]uint8, 0, len(counts)), Length: length}
	for t := range counts {
		out.Terms = append(out.Terms, t)
	}
	sort.Strings(out.Terms)
	for _, t := range out.Terms {
		out.Impacts = append(out.Impacts, Impact(counts[t], length))
	}
	return out
}

// QueryTerm is one distinct token of a query and its weight. TextRank sets
// IDF from the corpus it ranks (0 for a term no document contains).
type QueryTerm struct {
	Text   string
	Kind   textseg.Kind
	Weight float64
	IDF    float64
	// Parts, when set, are the tokens a document must all contain to
	// contain the term (a related term of several tokens, Expand); its
	// impact in a document is the smallest of theirs.
	Parts []string
	// Related: added by Expand, not written in the query.
	Related bool
}

// Kind weights: a domain term is one precise token, a Latin token (PET, 5G)
// nearly so; a bigram may cross a word boundary; a lone character is weak.
var KindWeight = map[textseg.Kind]float64{textseg.Term: 2, textseg.Latin: 2.5, textseg.Bigram: 1, textseg.Unigram: 0.6}

// CoveredWeight scales a query bigram every occurrence of which lies inside
// a domain term of the query (己二 and 二腈 of 己二腈): the term already
// counts as one precise token, so its pieces would count the same word
// three times over. Measured (docs/matching.md) no better on both halves
// of the evaluation set at 0–0.5, so 1: not scaled.
var CoveredWeight = 1.0

// Query turns weighted texts into query terms: weight = kind weight ×
// (1 + ln tf), tf counted with the texts' weights; a bigram only ever seen
// inside domain terms is scaled by CoveredWeight.
func Query(tok *textseg.Tokenizer, parts []Weighted) []QueryTerm {
	counts := map[string]float64{}
	kinds := map[string]textseg.Kind{}
	free := map[string]bool{}
	var order []string
	for _, p := range parts {
		toks := tok.Tokens(p.Text)
		rs := textseg.Normalize(p.Text)
		var terms []textseg.Token
		for _, t := range toks {
			if t.Kind == textseg.Term {
				terms = append(terms, t)
			}
		}
		for _, t := range toks {
			if isQuantity(t, rs) {
				continue
			}
			if _, ok := counts[t.Text]; !ok {
				order = append(order, t.Text)
			}
			counts[t.Text] += float64(p.Weight)
			kinds[t.Text] = t.Kind
			if t.Kind != textseg.Bigram || !inside(t, terms) {
				free[t.Text] = true
			}
		}
	}
	out := make([]QueryTerm, 0, len(order))
	for _, t := range order {
		w := KindWeight[kinds[t]] * (1 + math.Log(counts[t]))
		if !free[t] {
			w *= CoveredWeight
		}
		out = append(out, QueryTerm{Text: t, Kind: kinds[t], Weight: w})
	}
	return out
}

// quantityUnits are the units and measure words that make the number
// before them a quantity (3000吨, 90%, 12小时), not a name (304不锈钢, 5G).
const quantityUnits = "吨千万亿元年月日天周个台套件次人名家户亩米度%‰℃小时分秒倍项条批座辆只株头斤克升瓦伏安"

// isQuantity reports whether t is a number written as a quantity in the
// normalised text rs: digits only, followed by a unit or a decimal point.
// A quantity says how much, not what: 3000吨 of a demand must not match
// 3000小时 of an achievement, so a query leaves it out.
func isQuantity(t textseg.Token, rs []rune) bool {
	if t.Kind != textseg.Latin {
		return false
	}
	for _, r := range t.Text {
		if r < '0' || r > '9' {
			return false
		}
	}
	if t.End >= len(rs) {
		return false
	}
	next := rs[t.End]
	return next == '.' || strings.ContainsRune(quantityUnits, next)
}

// inside reports whether t lies within one of spans.
func inside(t textseg.Token, spans []textseg.Token) bool {
	for _, u := range spans {
		if u.Start <= t.Start && u.End >= t.End {
			return true
		}
	}
	return false
}

// Texts returns the token texts whose posting lists the query needs.
func Texts(q []QueryTerm) []string {
	out := make([]string, 0, len(q))
	seen := make(map[string]bool, len(q))
	for _, t := range q {
		ps := t.Parts
		if ps == nil {
			ps = []string{t.Text}
		}
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// TextHit is a document's text relevance: its BM25 score and the query
// terms it contains.
type TextHit struct {
	Doc     int64
	BM25    float64
	Matched []string
	// Attainable is the query's attainable BM25: what a record holding
	// every term written in the query at full saturation would score
	// (Σ weight × IDF × (k1 + 1), a term no record holds at the IDF of
	// one record; related terms left out); the same for every hit of a
	// query. Rank measures text
	// relevance against it when the best hit is weak (RelevanceFloor).
	Attainable float64
}

// IDF is BM25's inverse document frequency, ln(1 + (N−df+0.5)/(df+0.5)).
func IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// TextRank scores every document of the posting lists (term → blocks) of a
// corpus of n documents by BM25 with the query's weights and returns the
// best limit, best first (ties by lower id), each with the query terms it
// contains. Documents in skip are left out. It sets each query term's IDF.
func TextRank(q []QueryTerm, n int, lists map[string][][]byte, limit int, skip map[int64]bool) ([]TextHit, error) {
	weights := make([]float64, len(q))
	covw := make([]float64, len(q))
	total, attainable := 0.0, 0.0
	ar := arenas.Get().(*arena)
	defer arenas.Put(ar)
	if err := ar.load(q, lists); err != nil {
		return nil, err
	}
	maxDoc := ar.maxDoc
	for qi, t := range q {
		df := len(ar.of(qi))
		if df > 0 {
			q[qi].IDF = math.Pow(IDF(n, df), IDFPower)
			weights[qi] = t.Weight * q[qi].IDF * (K1 + 1) / 255
		}
		covw[qi] = t.Weight * IDF(n, max(df, 1))
		total += covw[qi]
		if !t.Related {
			attainable += t.Weight * math.Pow(IDF(n, max(df, 1)), IDFPower) * (K1 + 1)
		}
	}
	// Scores in a dense array when document ids are dense (they are
	// database ids), else in a map.
	var dense, cover []float64
	var sparse, sparseCover map[int64]float64
	if maxDoc <= int64(8*n+65536) {
		dense = make([]float64, maxDoc+1)
		cover = make([]float64, maxDoc+1)
	} else {
		sparse = map[int64]float64{}
		sparseCover = map[int64]float64{}
	}
	for qi := range q {
		w, c := weights[qi], covw[qi]/total
		if w == 0 {
			continue
		}
		for _, p := range ar.of(qi) {
			if dense != nil {
				dense[p.Doc] += w * float64(p.Impact)
				cover[p.Doc] += c
			} else {
				sparse[p.Doc] += w * float64(p.Impact)
				sparseCover[p.Doc] += c
			}
		}
	}
	h := &topK{k: limit}
	if dense != nil {
		for id, s := range dense {
			if s > 0 && !skip[int64(id)] {
				h.offer(TextHit{Doc: int64(id), BM25: s * coord(cover[id])})
			}
		}
	} else {
		for id, s := range sparse {
			if !skip[id] {
				h.offer(TextHit{Doc: id, BM25: s * coord(sparseCover[id])})
			}
		}
	}
	hits := h.sorted()
	for i := range hits {
		hits[i].Attainable = attainable
	}
	at := make(map[int64]int, len(hits))
	for i, x := range hits {
		at[x.Doc] = i
	}
	for qi, t := range q {
		if weights[qi] == 0 {
			continue
		}
		for _, p := range ar.of(qi) {
			if i, ok := at[p.Doc]; ok {
				hits[i].Matched = append(hits[i].Matched, t.Text)
			}
		}
	}
	return hits, nil
}

// IDFPower is the exponent of the IDF in a term's weight.
var IDFPower = 1.0

// Coord is the exponent of the coordination factor: a document's BM25 is
// multiplied by the share of the query's weight (kind weight × IDF) it
// contains, to this power, so a document sharing many of the query's words
// beats one that repeats a single rare word.
var Coord = 0.0

func coord(share float64) float64 {
	if Coord == 0 {
		return 1
	}
	return math.Pow(share, Coord)
}

func better(a, b TextHit) bool {
	if a.BM25 != b.BM25 {
		return a.BM25 > b.BM25
	}
	return a.Doc < b.Doc
}

// topK keeps the k best hits in a min-heap (worst at the root).
type topK struct {
	k int
	h []TextHit
}

func (t *topK) offer(x TextHit) {
	if t.k <= 0 {
		return
	}
	if len(t.h) < t.k {
		t.h = append(t.h, x)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !better(t.h[p], t.h[i]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if !better(x, t.h[0]) {
		return
	}
	t.h[0] = x
	for i := 0; ; {
		l, r, w := 2*i+1, 2*i+2, i
		if l < len(t.h) && better(t.h[w], t.h[l]) {
			w = l
		}
		if r < len(t.h) && better(t.h[w], t.h[r]) {
			w = r
		}
		if w == i {
			break
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

func (t *topK) sorted() []TextHit {
	out := append([]TextHit(nil), t.h...)
	sort.Slice(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out
}

// arena holds the decoded posting lists of one TextRank call: each list
// is decoded once into ps, and a term of several parts (Expand) gets the
// documents in every part's list, with the smallest impact. Arenas are
// reused across calls.
type arena struct {
	ps     []Posting
	span   map[string][2]int // token → its postings in ps
	terms  [][2]int          // query term → its postings in ps
	seen   map[int64]uint16
	maxDoc int64
}

var arenas = sync.Pool{New: func() any { return &arena{span: map[string][2]int{}, seen: map[int64]uint16{}} }}

func (a *arena) of(qi int) []Posting { s := a.terms[qi]; return a.ps[s[0]:s[1]] }

func (a *arena) list(tok string, lists map[string][][]byte) ([2]int, error) {
	if s, ok := a.span[tok]; ok {
		return s, nil
	}
	start := len(a.ps)
	for _, b := range lists[tok] {
		if err := DecodeBlock(b, func(p Posting) {
			a.ps = append(a.ps, p)
			a.maxDoc = max(a.maxDoc, p.Doc)
		}); err != nil {
			return [2]int{}, err
		}
	}
	s := [2]int{start, len(a.ps)}
	a.span[tok] = s
	return s, nil
}

func (a *arena) load(q []QueryTerm, lists map[string][][]byte) error {
	a.ps, a.terms, a.maxDoc = a.ps[:0], a.terms[:0], 0
	clear(a.span)
	for _, t := range q {
		if t.Parts == nil {
			s, err := a.list(t.Text, lists)
			if err != nil {
				return err
			}
			a.terms = append(a.terms, s)
			continue
		}
		spans := make([][2]int, len(t.Parts))
		small := 0
		for i, p := range t.Parts {
			s, err := a.list(p, lists)
			if err != nil {
				return err
			}
			spans[i] = s
			if s[1]-s[0] < spans[small][1]-spans[small][0] {
				small = i
			}
		}
		// The smallest part's documents, kept while every other part has
		// them (the impact in the low byte, "in this part" in bit 8).
		clear(a.seen)
		for _, p := range a.ps[spans[small][0]:spans[small][1]] {
			a.seen[p.Doc] = uint16(p.Impact)
		}
		for i, s := range spans {
			if i == small || len(a.seen) == 0 {
				continue
			}
			for _, p := range a.ps[s[0]:s[1]] {
				if v, ok := a.seen[p.Doc]; ok {
					a.seen[p.Doc] = 0x100 | uint16(min(uint8(v), p.Impact))
				}
			}
			for d, v := range a.seen {
				if v&0x100 == 0 {
					delete(a.seen, d)
				} else {
					a.seen[d] = v &^ 0x100
				}
			}
		}
		start := len(a.ps)
		for _, p := range a.ps[spans[small][0]:spans[small][1]] {
			if v, ok := a.seen[p.Doc]; ok {
				a.ps = append(a.ps, Posting{Doc: p.Doc, Impact: uint8(v)})
			}
		}
		a.terms = append(a.terms, [2]int{start, len(a.ps)})
	}
	return nil
}
