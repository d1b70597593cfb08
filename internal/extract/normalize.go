package extract

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// t2sData is OpenCC's TSCharacters dictionary (Apache License 2.0,
// https://github.com/BYVoid/OpenCC), reduced to its first candidate per
// character: one "traditional\tsimplified" pair a line.
//
//go:embed t2s.tsv
var t2sData string

var t2s = func() map[rune]rune {
	m := make(map[rune]rune, 4200)
	for line := range strings.SplitSeq(t2sData, "\n") {
		a, b, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		ra, _ := utf8.DecodeRuneInString(a)
		rb, _ := utf8.DecodeRuneInString(b)
		m[ra] = rb
	}
	return m
}()

// text is the normalised form of a document: the runes extraction reads,
// each with the byte offset in the original text it came from, so any span
// of the normalised text maps back to the exact original span.
type text struct {
	r    []rune
	off  []int // off[i]: byte offset in orig of r[i]; off[len(r)] = len(orig) or the end of the last rune
	end  []int // end[i]: byte offset in orig just after the original characters r[i] stands for
	orig string
	// flags seen while normalising
	traditional int // characters converted from traditional script
	pinyin      int // injected pinyin annotations dropped
	joined      int // line breaks joined inside a phrase
	footnotes   int // footnote markers dropped
}

// String is the normalised text.
func (t *text) String() string { return string(t.r) }

// span returns the original text of normalised runes [i, j).
func (t *text) span(i, j int) (string, int, int) {
	if i >= j || i < 0 || j > len(t.r) {
		return "", 0, 0
	}
	a, b := t.off[i], t.end[j-1]
	return t.orig[a:b], a, b
}

// fold maps one rune of the original to the rune extraction reads:
// full-width ASCII to ASCII, ideographic space to space, traditional to
// simplified characters; ok is false for runes to drop (quotation marks,
// zero-width characters).
func fold(c rune) (rune, bool, bool) {
	switch c {
	case '“', '”', '‘', '’', '"', '「', '」', '\u200b', '\ufeff':
		return 0, false, false
	case '\u3000', '\u00a0', '\t':
		return ' ', true, false
	case '—', '–', '－', '~', '～':
		return '-', true, false
	case '，':
		return ',', true, false
	case '：':
		return ':', true, false
	case '；':
		return ';', true, false
	case '（':
		return '(', true, false
	case '）':
		return ')', true, false
	case '！':
		return '!', true, false
	case '？':
		return '?', true, false
	}
	if c >= 0xFF01 && c <= 0xFF5E {
		return c - 0xFEE0, true, false
	}
	if s, ok := t2s[c]; ok {
		return s, true, true
	}
	return c, true, false
}

const toneVowels = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"

// isPinyinNote reports whether s (the text inside a pair of parentheses)
// is a pinyin annotation a scraper injected after a character: lower-case
// Latin letters with at least one tone mark, e.g. "fā", "chuàng".
func isPinyinNote(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 7 {
		return false
	}
	tone := false
	for _, c := range s {
		switch {
		case strings.ContainsRune(toneVowels, c):
			tone = true
		case c >= 'a' && c <= 'z':
		default:
			return false
		}
	}
	return tone
}

func isHan(c rune) bool { return unicode.Is(unicode.Han, c) }

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

func isLatin(c rune) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// sentenceEnd are the characters after which a line break is a real break.
const sentenceEnd = "。!?;:…)】》|"

// normalize prepares orig for extraction:
//
//   - full-width digits, letters and punctuation become ASCII (，→, ：→: …),
//     dashes (—, –, ～) become '-', quotation marks are dropped;
//   - traditional characters become simplified (OpenCC TSCharacters);
//   - pinyin a scraper injected in parentheses after a character ("發(fā)")
//     and footnote markers (【1】) are dropped;
//   - spaces are dropped except between two Latin letters ("2023 年" →
//     "2023年", "286.61 亿元" → "286.61亿元");
//   - a line break inside a phrase is joined: when the line before is at
//     least 30 characters long, does not end a sentence, and the next line
//     starts with a character or digit ("占规上工业增加\n\n值的"); other
//     line breaks stay, one "\n" for any run of them.
func normalize(orig string) *text {
	t := &text{orig: orig}
	type tok struct {
		c      rune
		a, b   int
		isTrad bool
	}
	// pass 1: fold runes, drop pinyin notes and footnote markers
	var toks []tok
	for i := 0; i < len(orig); {
		c, n := utf8.DecodeRuneInString(orig[i:])
		if c == '(' || c == '（' {
			if j := strings.IndexAny(orig[i+n:], ")）"); j >= 0 && j < 40 {
				inner := orig[i+n : i+n+j]
				if isPinyinNote(inner) && len(toks) > 0 && isHan(toks[len(toks)-1].c) {
					_, cn := utf8.DecodeRuneInString(orig[i+n+j:])
					t.pinyin++
					i += n + j + cn
					continue
				}
			}
		}
		if c == '【' || c == '[' {
			if j := strings.IndexAny(orig[i+n:], "】]"); j > 0 && j <= 3 {
				if strings.Trim(orig[i+n:i+n+j], "0123456789０１２３４５６７８９") == "" {
					_, cn := utf8.DecodeRuneInString(orig[i+n+j:])
					t.footnotes++
					i += n + j + cn
					continue
				}
			}
		}
		f, keep, trad := fold(c)
		if keep {
			toks = append(toks, tok{f, i, i + n, trad})
		}
		i += n
	}
	// pass 2: spaces and line breaks
	firstDone := false
	lineLen := 0 // runes on the current line so far (excluding spaces)
	lastNonSpace := func() rune {
		for k := len(t.r) - 1; k >= 0; k-- {
			if t.r[k] != '\n' {
				return t.r[k]
			}
			return '\n'
		}
		return '\n'
	}
	for i := 0; i < len(toks); i++ {
		c := toks[i].c
		switch {
		case c == '\r':
			continue
		case c == ' ':
			// between two digits: dropped inside a number written with
			// spaces as thousands separators ("1 055亿元"), else kept as one
			// space so dates and times stay apart ("2022-10-2 14:08")
			if len(t.r) > 0 && isDigit(t.r[len(t.r)-1]) {
				k := i + 1
				for k < len(toks) && toks[k].c == ' ' {
					k++
				}
				if k < len(toks) && isDigit(toks[k].c) {
					n := 0
					for k+n < len(toks) && isDigit(toks[k+n].c) {
						n++
					}
					if n != 3 || (k+n < len(toks) && toks[k+n].c == '.') {
						t.r = append(t.r, ' ')
						t.off = append(t.off, toks[i].a)
						t.end = append(t.end, toks[i].b)
					}
					continue
				}
			}
			// keep only between two Latin letters
			if len(t.r) > 0 && isLatin(t.r[len(t.r)-1]) {
				k := i + 1
				for k < len(toks) && toks[k].c == ' ' {
					k++
				}
				if k < len(toks) && isLatin(toks[k].c) {
					t.r = append(t.r, ' ')
					t.off = append(t.off, toks[i].a)
					t.end = append(t.end, toks[i].b)
				}
			}
			continue
		case c == '\n':
			// the run of breaks and spaces
			k := i
			for k < len(toks) && (toks[k].c == '\n' || toks[k].c == ' ' || toks[k].c == '\r') {
				k++
			}
			prev := lastNonSpace()
			join := false
			if k < len(toks) && lineLen >= 30 && firstDone && prev != '\n' && !strings.ContainsRune(sentenceEnd, prev) {
				if nx := toks[k].c; isHan(nx) || isDigit(nx) {
					join = true
				}
			}
			if len(t.r) > 0 {
				firstDone = true // the first line is the title: never joined
			}
			if join {
				t.joined++
			} else if prev != '\n' && len(t.r) > 0 {
				t.r = append(t.r, '\n')
				t.off = append(t.off, toks[i].a)
				t.end = append(t.end, toks[i].b)
				lineLen = 0
			}
			i = k - 1
			continue
		}
		if toks[i].isTrad {
			t.traditional++
		}
		t.r = append(t.r, c)
		t.off = append(t.off, toks[i].a)
		t.end = append(t.end, toks[i].b)
		lineLen++
	}
	return t
}

// StripHTML returns the text of an HTML document: the contents of its body
// without scripts and styles, a line break after each block element (p,
// div, br, li, h1–h6, tr) and " | " between table cells, so a table reads as
// one line a row. Entities are decoded by the parser.
func StripHTML(doc string) string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return doc
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "head", "noscript", "template":
				return
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(strings.Join(strings.Fields(n.Data), " "))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "td", "th":
				b.WriteString(" | ")
			case "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "title", "caption":
				b.WriteString("\n")
			}
		}
	}
	walk(root)
	// collapse runs of blank lines
	var out []string
	for line := range strings.SplitSeq(b.String(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line == "|" {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n\n")
}

// LooksLikeHTML reports whether s is an HTML document or fragment rather
// than plain text: it starts (after space) with "<" and contains a tag.
func LooksLikeHTML(s string) bool {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "<") {
		return false
	}
	l := strings.ToLower(t[:min(len(t), 512)])
	for _, tag := range []string{"<html", "<!doctype", "<body", "<p", "<div", "<table", "<h1", "<h2", "<span", "<br"} {
		if strings.Contains(l, tag) {
			return true
		}
	}
	return false
}
