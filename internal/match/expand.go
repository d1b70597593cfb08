package match

import (
	"math"
	"strings"
	"sync"

	"github.com/kechuang/kechuang/internal/textseg"
)

// ExpandWeight scales the weight of a related term added to a query (the
// related-term table, textseg.RelatedGroups): a record naming 储氢瓶 is
// found for a demand about 氢气储运, below one naming the demand's own words.
// 0 turns expansion off.
var ExpandWeight = 0.5

// relEntry is an entry of the related-term table as the index knows it:
// one token (a bigram, a Latin word, a domain term), or several tokens that
// a record must all contain.
type relEntry struct {
	text  string
	kind  textseg.Kind
	parts []string // nil: text is one token
	latin bool     // starts or ends with a Latin letter or digit: matched at word boundaries
}

type relTable struct {
	groups  [][]int // entry indexes of each group
	entries []relEntry
}

var (
	relOnce sync.Once
	rel     *relTable
)

func related() *relTable {
	relOnce.Do(func() { rel = buildRelated(textseg.Default(), textseg.RelatedGroups()) })
	return rel
}

func buildRelated(tok *textseg.Tokenizer, groups [][]string) *relTable {
	t := &relTable{}
	at := map[string]int{}
	for _, g := range groups {
		var ids []int
		for _, w := range g {
			i, ok := at[w]
			if !ok {
				e, good := relEntryOf(tok, w)
				if !good {
					continue
				}
				i = len(t.entries)
				at[w] = i
				t.entries = append(t.entries, e)
			}
			ids = append(ids, i)
		}
		if len(ids) > 1 {
			t.groups = append(t.groups, ids)
		}
	}
	return t
}

func relEntryOf(tok *textseg.Tokenizer, w string) (relEntry, bool) {
	rs := []rune(w)
	e := relEntry{text: w, latin: isLatinRune(rs[0]) || isLatinRune(rs[len(rs)-1])}
	toks := tok.Tokens(w)
	seen := map[string]bool{}
	for _, t := range toks {
		if t.Start == 0 && t.End == len(rs) {
			e.kind = t.Kind
			return e, true
		}
	}
	for _, t := range toks {
		if !seen[t.Text] {
			seen[t.Text] = true
			e.parts = append(e.parts, t.Text)
		}
	}
	e.kind = textseg.Term
	return e, len(e.parts) > 0
}

func isLatinRune(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
}

// count is how many times e occurs in s (normalised), a Latin end only at a
// word boundary.
func (e relEntry) count(s string) int {
	if !e.latin {
		return strings.Count(s, e.text)
	}
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], e.text)
		if j < 0 {
			return n
		}
		j += i
		end := j + len(e.text)
		if (j == 0 || !isLatinRune(rune(s[j-1]))) && (end == len(s) || !isLatinRune(rune(s[end]))) {
			n++
		}
		i = j + 1
	}
}

// Expand adds to a query (made from parts) the related terms of the words
// it contains: each other entry of a group, weight ExpandWeight × its kind's
// weight (an entry of several tokens as a domain term) × (1 + ln tf), tf
// the weighted occurrences of the group's entries in the query. An entry of
// several tokens becomes a term whose Parts a record must all contain.
// Entries the query already has are not added.
func Expand(tok *textseg.Tokenizer, q []QueryTerm, parts []Weighted) []QueryTerm {
	if ExpandWeight == 0 {
		return q
	}
	rt := related()
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = string(textseg.Normalize(p.Text))
	}
	tf := make([]float64, len(rt.entries))
	for i, e := range rt.entries {
		for k, s := range texts {
			tf[i] += float64(parts[k].Weight * e.count(s))
		}
	}
	have := make(map[string]bool, len(q))
	for _, t := range q {
		have[t.Text] = true
	}
	add := map[int]float64{}
	var order []int
	for _, g := range rt.groups {
		sum := 0.0
		for _, i := range g {
			sum += tf[i]
		}
		if sum == 0 {
			continue
		}
		for _, i := range g {
			e := rt.entries[i]
			if tf[i] > 0 || have[e.text] {
				continue
			}
			w := ExpandWeight * KindWeight[e.kind] * (1 + math.Log(sum))
			if _, ok := add[i]; !ok {
				order = append(order, i)
			}
			add[i] = max(add[i], w)
		}
	}
	for _, i := range order {
		e := rt.entries[i]
		q = append(q, QueryTerm{Text: e.text, Kind: e.kind, Weight: add[i], Parts: e.parts, Related: true})
	}
	return q
}
