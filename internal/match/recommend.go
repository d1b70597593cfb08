package match

import "github.com/kechuang/kechuang/internal/textseg"

// Candidates is how many of the best text hits are re-ranked with the
// other factors.
const Candidates = 200

// Explain fills the shown terms of the first limit recommendations of a
// ranking (the highlighted spans of the other side's title and text) and
// cuts the ranking to limit.
func Explain(tok *textseg.Tokenizer, recs []Recommendation, limit int, reverse bool) []Recommendation {
	if len(recs) > limit {
		recs = recs[:limit]
	}
	for i := range recs {
		r := &recs[i]
		set := Set(r.Matched)
		if reverse {
			r.Terms = SharedTerms(tok, set, 12, []string{r.Achievement.Title, r.Achievement.Keywords, r.Achievement.Abstract}, r.Demand.Title, r.Demand.Description)
		} else {
			r.Terms = SharedTerms(tok, set, 12, []string{r.Demand.Title, r.Demand.Description}, r.Achievement.Title, r.Achievement.Keywords, r.Achievement.Abstract)
		}
	}
	return recs
}

// ForDemand ranks achievements for a demand given its query (DemandQuery,
// as TextRank left it), the text hits and the hit records (by id): the
// whole recommendation step after the index look-up, shared by the app and
// the evaluation. A related term the record contains (Expand) is shown
// after the shared words as 储氢瓶（相关词）.
func ForDemand(tok *textseg.Tokenizer, d Demand, q []QueryTerm, hits []TextHit, byID map[int64]Achievement, home Home, limit int) []Recommendation {
	parts := DemandQueryText(d)
	hits = append([]TextHit(nil), hits...)
	Rescore(tok, q, parts[:1], parts[1:], hits, achievementTexts(byID))
	pairs := make([]Pair, 0, len(hits))
	for _, h := range hits {
		if a, ok := byID[h.Doc]; ok {
			pairs = append(pairs, Pair{Demand: d, Achievement: a, Hit: h})
		}
	}
	recs := Explain(tok, Rank(pairs, home), limit, false)
	related := map[string]bool{}
	for _, t := range q {
		if t.Related {
			related[t.Text] = true
		}
	}
	for i := range recs {
		r := &recs[i]
		for _, m := range r.Matched {
			if related[m] && len(r.Terms) < 12 {
				r.Terms = append(r.Terms, m+"（相关词）")
			}
		}
	}
	return recs
}

// ForAchievement ranks demands for an achievement (the reverse view).
func ForAchievement(tok *textseg.Tokenizer, a Achievement, hits []TextHit, byID map[int64]Demand, home Home, limit int) []Recommendation {
	pairs := make([]Pair, 0, len(hits))
	for _, h := range hits {
		if d, ok := byID[h.Doc]; ok {
			pairs = append(pairs, Pair{Demand: d, Achievement: a, Hit: h})
		}
	}
	return Explain(tok, Rank(pairs, home), limit, true)
}
