// Package textseg turns Chinese technical text into the search tokens that
// kechuang's matching indexes and queries: the same tokens on SQLite and
// PostgreSQL, because they are produced here, in Go, and stored in the
// matching tables (internal/store/match*.go), never by a database's own
// full-text engine.
//
// A text is first normalised rune for rune (full-width ASCII → half-width,
// the ideographic space → space, Latin letters → lower case), so ＰＥＴ and
// PET, ５Ｇ and 5G are one token and token offsets are offsets in the
// original text. Then:
//
//   - every run of CJK characters gives its character bigrams (芯片, 电池,
//     池回, 回收 …): two-character words are always found, and a phrase
//     split by other words (电池……回收) still matches 电池回收 through its
//     parts; a run of one character gives that character;
//   - every run of Latin letters and digits gives one token (pet, 5g, pa66,
//     304), split at any other character;
//   - every domain term (the district's vocabulary: 己二腈, 氨纶, 页岩气,
//     聚氨酯, 榨菜 …, terms.txt, ours) found anywhere in the text gives the
//     whole term as a token as well, so a rare technical word counts as one
//     precise token on top of its bigrams; one-character terms (锂, 膜)
//     make those characters count alone.
//
// A few filler bigrams (我们, 公司, 希望 …, stopwords.txt) are dropped on both
// sides. There is no dictionary to load: a Tokenizer is ready in
// microseconds (docs/matching.md gives the measurement against a dictionary
// segmenter).
package textseg

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// Kind is what a token is.
type Kind uint8

// The kinds of tokens.
const (
	Bigram  Kind = iota // two adjacent CJK characters
	Unigram             // a CJK run of one character, or a one-character domain term
	Latin               // a run of Latin letters and digits, lower case
	Term                // a domain term of three or more characters (or mixed script)
)

// Token is one token of a text. Start and End are rune offsets into the
// text (End exclusive); normalisation keeps one rune per rune, so they hold
// for the original text as well.
type Token struct {
	Text       string
	Kind       Kind
	Start, End int
}

// Normalize maps s rune for rune to its search form: full-width ASCII
// (U+FF01–U+FF5E) to half-width, the ideographic space U+3000 to a space,
// letters to lower case. It returns as many runes as s has.
func Normalize(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = fold(r)
	}
	return rs
}

func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFF01 - 0x21
	case r == 0x3000:
		return ' '
	}
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// IsCJK reports whether r is a Han character (CJK unified ideographs and
// their extensions, compatibility ideographs).
func IsCJK(r rune) bool { return unicode.Is(unicode.Han, r) }

func isLatin(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') ||
		(r > 0x7F && !IsCJK(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) && r < 0x2E80)
}

// Tokenizer tokenises text with a domain-term list. It is safe for
// concurrent use.
type Tokenizer struct {
	trie  *node
	stops map[string]bool
	terms int
}

type node struct {
	next map[rune]*node
	term bool
}

// New returns a tokenizer knowing the given domain terms (normalised here;
// blank entries ignored) and dropping the given stop tokens.
func New(terms, stops []string) *Tokenizer {
	t := &Tokenizer{trie: &node{}, stops: map[string]bool{}}
	for _, w := range terms {
		rs := Normalize(strings.TrimSpace(w))
		if len(rs) == 0 {
			continue
		}
		n := t.trie
		for _, r := range rs {
			if n.next == nil {
				n.next = map[rune]*node{}
			}
			c, ok := n.next[r]
			if !ok {
				c = &node{}
				n.next[r] = c
			}
			n = c
		}
		if !n.term {
			t.terms++
		}
		n.term = true
	}
	for _, w := range stops {
		if w = strings.TrimSpace(w); w != "" {
			t.stops[string(Normalize(w))] = true
		}
	}
	return t
}

//go:embed terms.txt
var termsTxt string

//go:embed stopwords.txt
var stopsTxt string

//go:embed related.txt
var relatedTxt string

// RelatedGroups returns the built-in related-term table (related.txt,
// ours): groups of words of the district's industries that name the same
// thing or the same kind of solution (储氢/储氢瓶/氢气储运, agv/自动导引车/物料
// 转运, 催化剂/触媒 …), each entry normalised. Matching expands a query with
// the other entries of a group one of whose entries the query contains.
func RelatedGroups() [][]string {
	var out [][]string
	for _, l := range strings.Split(relatedTxt, "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		var g []string
		for _, w := range strings.Fields(l) {
			g = append(g, string(Normalize(w)))
		}
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	return out
}

var (
	defOnce sync.Once
	def     *Tokenizer
)

// Default returns the tokenizer with kechuang's domain-term list
// (terms.txt) and stop list (stopwords.txt), built on first use.
func Default() *Tokenizer {
	defOnce.Do(func() { def = New(lines(termsTxt), lines(stopsTxt)) })
	return def
}

// DomainTerms returns the built-in domain-term list.
func DomainTerms() []string { return lines(termsTxt) }

// lines returns the non-blank lines of s without '#' comments; a line may
// hold several entries separated by spaces or '、'.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '\t' || r == '、' || r == '\r' }) {
			out = append(out, w)
		}
	}
	return out
}

// Len is the number of domain terms the tokenizer knows.
func (t *Tokenizer) Len() int { return t.terms }

// Tokens returns the tokens of s in order of their start (a domain term
// after the bigram starting at the same place).
func (t *Tokenizer) Tokens(s string) []Token {
	rs := Normalize(s)
	out := make([]Token, 0, len(rs)+4)
	emit := func(kind Kind, start, end int) {
		text := string(rs[start:end])
		if t.stops[text] {
			return
		}
		out = append(out, Token{Text: text, Kind: kind, Start: start, End: end})
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case IsCJK(r):
			j := i
			for j < len(rs) && IsCJK(rs[j]) {
				j++
			}
			if j-i == 1 {
				t.termsAt(rs, i, emit)
				if !t.isTerm(rs[i : i+1]) {
					emit(Unigram, i, i+1)
				}
			}
			for k := i; k+1 < j; k++ {
				emit(Bigram, k, k+2)
				t.termsAt(rs, k, emit)
			}
			if j-i > 1 {
				t.termsAt(rs, j-1, emit)
			}
			i = j
		case isLatin(r):
			j := i
			for j < len(rs) && isLatin(rs[j]) {
				j++
			}
			emit(Latin, i, j)
			t.termsAt(rs, i, emit)
			i = j
		default:
			t.termsAt(rs, i, emit)
			i++
		}
	}
	return out
}

func (t *Tokenizer) isTerm(rs []rune) bool {
	n := t.trie
	for _, r := range rs {
		if n = n.next[r]; n == nil {
			return false
		}
	}
	return n.term
}

// termsAt emits every domain term starting at i, except two-character CJK
// terms (already bigrams) and terms equal to a whole Latin run (already a
// Latin token).
func (t *Tokenizer) termsAt(rs []rune, i int, emit func(Kind, int, int)) {
	n := t.trie
	for j := i; j < len(rs); j++ {
		if n = n.next[rs[j]]; n == nil {
			return
		}
		if !n.term {
			continue
		}
		l := j + 1 - i
		allCJK := true
		for _, r := range rs[i : j+1] {
			if !IsCJK(r) {
				allCJK = false
				break
			}
		}
		switch {
		case allCJK && l == 2:
		case allCJK && l == 1:
			emit(Unigram, i, j+1)
		case !allCJK && isLatin(rs[i]) && (j+1 == len(rs) || !isLatin(rs[j+1])) && (i == 0 || !isLatin(rs[i-1])) && latinOnly(rs[i:j+1]):
		default:
			emit(Term, i, j+1)
		}
	}
}

func latinOnly(rs []rune) bool {
	for _, r := range rs {
		if !isLatin(r) {
			return false
		}
	}
	return true
}

// Counts returns each distinct token text of s with its number of
// occurrences.
func (t *Tokenizer) Counts(s string) map[string]int {
	m := map[string]int{}
	for _, tk := range t.Tokens(s) {
		m[tk.Text]++
	}
	return m
}

// KindOf tells the kind of a token text as Tokens would give it.
func KindOf(text string) Kind {
	rs := []rune(text)
	cjk := 0
	for _, r := range rs {
		if IsCJK(r) {
			cjk++
		}
	}
	switch {
	case cjk == 0:
		return Latin
	case len(rs) == 1:
		return Unigram
	case len(rs) == 2 && cjk == 2:
		return Bigram
	}
	return Term
}
