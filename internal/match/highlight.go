package match

import (
	"sort"
	"strings"

	"github.com/kechuang/kechuang/internal/textseg"
)

// Segment is a piece of a text, highlighted when Hit.
type Segment struct {
	Text string
	Hit  bool
}

// Highlight splits text into segments, marking every occurrence of a token
// in matched (token texts as textseg gives them); overlapping and adjacent
// occurrences merge into one highlighted span.
func Highlight(tok *textseg.Tokenizer, text string, matched map[string]bool) []Segment {
	rs := []rune(text)
	mark := make([]bool, len(rs)+1)
	for _, t := range tok.Tokens(text) {
		if matched[t.Text] {
			for i := t.Start; i < t.End; i++ {
				mark[i] = true
			}
		}
	}
	var out []Segment
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && mark[j] == mark[i] {
			j++
		}
		out = append(out, Segment{Text: string(rs[i:j]), Hit: mark[i]})
		i = j
	}
	return out
}

// HitTerms returns the distinct highlighted spans of texts, in order of
// first appearance, at most limit.
func HitTerms(tok *textseg.Tokenizer, matched map[string]bool, limit int, texts ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		for _, s := range Highlight(tok, t, matched) {
			if s.Hit && !seen[s.Text] && len(out) < limit {
				seen[s.Text] = true
				out = append(out, s.Text)
			}
		}
	}
	return out
}

// Set makes a set of strings.
func Set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// SharedTerms are the words a query and a record share, as a reader names
// them: each highlighted span of the query's texts when the record's texts
// contain it whole, else the matched tokens inside it that they contain;
// longest first, without words inside an already listed one, at most limit.
func SharedTerms(tok *textseg.Tokenizer, matched map[string]bool, limit int, query []string, record ...string) []string {
	doc := string(textseg.Normalize(strings.Join(record, "\n")))
	var cands []string
	for _, q := range query {
		for _, s := range Highlight(tok, q, matched) {
			if !s.Hit {
				continue
			}
			if n := string(textseg.Normalize(s.Text)); strings.Contains(doc, n) {
				cands = append(cands, s.Text)
				continue
			}
			// The longest pieces of the span the record contains, left to
			// right (退役三元电池 → 退役三元, 电池).
			rs := []rune(s.Text)
			for i := 0; i < len(rs)-1; {
				j := len(rs)
				for ; j > i+1 && !strings.Contains(doc, string(textseg.Normalize(string(rs[i:j])))); j-- {
				}
				if j > i+1 {
					cands = append(cands, string(rs[i:j]))
					i = j
				} else {
					i++
				}
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return len([]rune(cands[i])) > len([]rune(cands[j])) })
	var out []string
	for _, c := range cands {
		n := string(textseg.Normalize(c))
		dup := false
		for _, o := range out {
			dup = dup || strings.Contains(string(textseg.Normalize(o)), n)
		}
		if !dup && len(out) < limit {
			out = append(out, c)
		}
	}
	return out
}
