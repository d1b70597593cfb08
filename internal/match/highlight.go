package match

import (
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
