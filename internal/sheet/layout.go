package sheet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// gridCell is a cell as read from any source, before layout analysis.
type gridCell struct {
	col int // 1-based
	c   Cell
	// numeric is true for a stored number (xlsx numeric type); for text
	// sources layout decides with looksNumeric.
	numeric bool
	// rawFromText: Raw is the untrimmed text (xlsx shared strings).
	rawFromText bool
}

// gridRow is one row as read, cells sorted by column.
type gridRow struct {
	num    int
	hidden bool
	cells  []gridCell
}

// mergeRange is a merged area, 1-based inclusive.
type mergeRange struct{ r1, c1, r2, c2 int }

// grid is a whole sheet as read.
type grid struct {
	rows   []gridRow
	merges []mergeRange
	// textOnly sources (CSV, HTML) have no cell types.
	textOnly bool
	// oneHeader forces a single header row (CSV).
	oneHeader bool
}

const maxNotesPerKind = 50

// noteLimiter caps repeated notes (blank and hidden rows) per kind.
type noteLimiter struct {
	notes  []string
	counts map[string]int
}

func (n *noteLimiter) add(kind, format string, a ...any) {
	if n.counts == nil {
		n.counts = map[string]int{}
	}
	n.counts[kind]++
	if n.counts[kind] <= maxNotesPerKind {
		n.notes = append(n.notes, fmt.Sprintf(format, a...))
	}
}

// flush returns the "… and N more" notes of the kinds over the cap.
func (n *noteLimiter) flush() []string {
	var out []string
	for _, k := range []string{"blank", "hidden"} {
		if c := n.counts[k]; c > maxNotesPerKind {
			out = append(out, fmt.Sprintf("… and %d more %s rows skipped", c-maxNotesPerKind, k))
		}
	}
	return out
}

var (
	reSection = regexp.MustCompile(`^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[)）])`)
	reUnitCol = regexp.MustCompile(`[（(]([^（()）]*)[)）]`)
)

func isSectionText(s string) bool { return reSection.MatchString(strings.TrimSpace(s)) }

// cleanHeader removes white space and line breaks inside a header cell.
func cleanHeader(s string) string { return spaceStrip.Replace(s) }

// headerUnit moves a bracketed unit out of a header part: "研发投入（万元）"
// → ("研发投入", "万元"); "同比增长(%)" keeps its path and gives unit "%".
func headerUnit(part string) (string, string) {
	ms := reUnitCol.FindAllStringSubmatchIndex(part, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		u := norm(part[m[2]:m[3]])
		if u == "%" {
			return part, "%"
		}
		if isUnitText(u) {
			return part[:m[0]] + part[m[1]:], u
		}
	}
	return part, ""
}

// looksNumeric reports whether a text cell holds a figure (for text
// sources: a bare or unit-carrying number).
func looksNumeric(s string) bool {
	v, err := ParseValue(s)
	return err == nil && !v.Missing
}

// ColumnLetter returns the Excel letters of a 1-based column number.
func ColumnLetter(n int) string {
	var b [8]byte
	i := len(b)
	for n > 0 {
		n--
		i--
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return string(b[i:])
}

func cellRef(col, row int) string { return ColumnLetter(col) + strconv.Itoa(row) }

// mergeIndex finds the merge covering a cell.
type mergeIndex struct {
	cover map[[2]int]int // (row, col) of non-anchor cells → merge index
	ms    []mergeRange
}

const maxMergeArea = 1 << 16

func newMergeIndex(ms []mergeRange) *mergeIndex {
	mi := &mergeIndex{cover: map[[2]int]int{}, ms: ms}
	for i, m := range ms {
		if (m.r2-m.r1+1)*(m.c2-m.c1+1) > maxMergeArea {
			continue
		}
		for r := m.r1; r <= m.r2; r++ {
			for c := m.c1; c <= m.c2; c++ {
				if r != m.r1 || c != m.c1 {
					mi.cover[[2]int{r, c}] = i
				}
			}
		}
	}
	return mi
}

// anchorOf returns the merge covering (r, c) as a non-anchor cell.
func (mi *mergeIndex) anchorOf(r, c int) (mergeRange, bool) {
	i, ok := mi.cover[[2]int{r, c}]
	if !ok {
		return mergeRange{}, false
	}
	return mi.ms[i], true
}

// spanAt returns the merge whose anchor is (r, c).
func (mi *mergeIndex) spanAt(r, c int) (mergeRange, bool) {
	for _, m := range mi.ms {
		if m.r1 == r && m.c1 == c {
			return m, true
		}
	}
	return mergeRange{}, false
}

func nonEmpty(r *gridRow) int {
	n := 0
	for _, c := range r.cells {
		if !c.c.Empty() {
			n++
		}
	}
	return n
}

func nonEmptyCells(r *gridRow) []gridCell {
	var out []gridCell
	for _, c := range r.cells {
		if !c.c.Empty() {
			out = append(out, c)
		}
	}
	return out
}

// unitLine finds "单位：万元" in a row.
func unitLine(ne []gridCell) (string, bool) {
	for _, c := range ne {
		s := strings.TrimSpace(c.c.Text)
		if rest, ok := strings.CutPrefix(s, "单位"); ok {
			rest = strings.TrimSpace(strings.TrimLeft(rest, "：: \u3000"))
			return rest, true
		}
	}
	return "", false
}
