package match

import (
	"strings"

	"github.com/kechuang/kechuang/internal/textseg"
)

// FirstSentenceWeight is how many times the tokens of a demand's first
// sentence count in its query (the rest of the description counts once,
// the title TitleWeight times).
var FirstSentenceWeight = 2

// QueryTitleWeight is how many times the tokens of a demand's title count
// in its query.
var QueryTitleWeight = 1

// DemandQuery is the query of a demand: its title, the first sentence of
// its description and the rest, weighted.
func DemandQuery(tok *textseg.Tokenizer, d Demand) []QueryTerm {
	parts := DemandQueryText(d)
	return Expand(tok, Query(tok, parts), parts)
}

// DemandQueryText is the weighted text of a demand's query.
func DemandQueryText(d Demand) []Weighted {
	first, rest := splitFirstSentence(d.Description)
	return []Weighted{{d.Title, QueryTitleWeight}, {first, FirstSentenceWeight}, {rest, 1}}
}

func splitFirstSentence(s string) (string, string) {
	for i, r := range s {
		switch r {
		case '。', '；', '！', '？', ';', '!', '?':
			n := i + len(string(r))
			return s[:n], s[n:]
		}
	}
	return s, ""
}

// Second-stage weights, applied to the text hits before the other factors:
// PhraseWeight scales the phrase score (query trigrams found whole in the
// record, each worth the smaller of its two bigrams' query weight × IDF)
// added to BM25; TitleBoost multiplies the sum by 1 + TitleBoost × the share
// of the query title's weight (× IDF) found in the record's title.
var (
	PhraseWeight  = 0.0
	TitleBoost    = 0.0
	KeywordBoost  = 0.0
	DocTitleBoost = 0.0
)

type trigram [3]rune

// Rescore adds the phrase and title evidence to the text hits of a query
// whose terms carry their IDF (set by TextRank); texts gives a hit's title
// and its other texts. Hits are rescored in place; their order is left to
// Rank.
func Rescore(tok *textseg.Tokenizer, q []QueryTerm, title []Weighted, body []Weighted, hits []TextHit, texts func(doc int64) (string, []string, bool)) {
	if PhraseWeight == 0 && TitleBoost == 0 && KeywordBoost == 0 && DocTitleBoost == 0 {
		return
	}
	var qtext strings.Builder
	for _, p := range append(append([]Weighted(nil), title...), body...) {
		qtext.WriteString(string(textseg.Normalize(p.Text)))
		qtext.WriteString("\n")
	}
	qs := qtext.String()
	qw := make(map[string]float64, len(q))
	for _, t := range q {
		qw[t.Text] = t.Weight * t.IDF
	}
	// Query trigrams: two query bigrams at consecutive places.
	tri := map[trigram]float64{}
	for _, p := range append(append([]Weighted(nil), title...), body...) {
		rs := textseg.Normalize(p.Text)
		var prev textseg.Token
		have := false
		for _, t := range tok.Tokens(p.Text) {
			if t.Kind != textseg.Bigram {
				continue
			}
			if have && t.Start == prev.Start+1 {
				w := min(qw[prev.Text], qw[t.Text])
				k := trigram{rs[prev.Start], rs[prev.Start+1], rs[prev.Start+2]}
				if w > tri[k] {
					tri[k] = w
				}
			}
			prev, have = t, true
		}
	}
	// The query title's terms.
	tw := map[string]float64{}
	ttotal := 0.0
	for _, p := range title {
		for _, t := range tok.Tokens(p.Text) {
			if _, ok := tw[t.Text]; !ok {
				tw[t.Text] = qw[t.Text]
				ttotal += qw[t.Text]
			}
		}
	}
	seen := map[trigram]bool{}
	for i := range hits {
		h := &hits[i]
		dtitle, dother, ok := texts(h.Doc)
		if !ok {
			continue
		}
		phrase := 0.0
		if PhraseWeight != 0 && len(tri) > 0 {
			clear(seen)
			for _, s := range append([]string{dtitle}, dother...) {
				rs := textseg.Normalize(s)
				for k := 0; k+2 < len(rs); k++ {
					g := trigram{rs[k], rs[k+1], rs[k+2]}
					if w, ok := tri[g]; ok && !seen[g] {
						seen[g] = true
						phrase += w
					}
				}
			}
		}
		share := 0.0
		if TitleBoost != 0 && ttotal > 0 {
			got := map[string]bool{}
			for _, t := range tok.Tokens(dtitle) {
				if w, ok := tw[t.Text]; ok && !got[t.Text] {
					got[t.Text] = true
					share += w
				}
			}
			share /= ttotal
		}
		kw := 0.0
		if KeywordBoost != 0 {
			kw = keywordShare(qs, dother[0])
		}
		dt := 0.0
		if DocTitleBoost != 0 {
			tot := 0.0
			seenT := map[string]bool{}
			for _, t := range tok.Tokens(dtitle) {
				if seenT[t.Text] {
					continue
				}
				seenT[t.Text] = true
				w := KindWeight[t.Kind]
				tot += w
				if _, ok := qw[t.Text]; ok {
					dt += w
				}
			}
			if tot > 0 {
				dt /= tot
			}
		}
		h.BM25 = (h.BM25 + PhraseWeight*phrase) * (1 + TitleBoost*share) * (1 + KeywordBoost*kw) * (1 + DocTitleBoost*dt)
	}
}

// achievementTexts returns a lookup of the hit records' title and other
// texts.
func achievementTexts(byID map[int64]Achievement) func(int64) (string, []string, bool) {
	return func(id int64) (string, []string, bool) {
		a, ok := byID[id]
		if !ok {
			return "", nil, false
		}
		return a.Title, []string{a.Keywords, a.Abstract}, true
	}
}

// keywordShare is the share of a record's keywords (separated by 、，, ;
// or spaces) that the normalised query text contains.
func keywordShare(q, keywords string) float64 {
	n, got := 0, 0
	for _, k := range strings.FieldsFunc(keywords, func(r rune) bool {
		return r == '、' || r == '，' || r == ',' || r == ';' || r == '；' || r == ' '
	}) {
		n++
		if strings.Contains(q, string(textseg.Normalize(k))) {
			got++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(got) / float64(n)
}
