package sheet

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// streamHTML reads every <table> of an HTML page (web systems export these
// and name them .xls) as a Table named "table1", "table2", ...; colspan
// and rowspan become merges, so titles, multi-row headers and fill-down
// work as for xlsx. Cells are text only (Number nil).
func streamHTML(b []byte, name string, fn func(*Table, *Row) error) error {
	text, _, err := decodeText(b, name)
	if err != nil {
		return err
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return fmt.Errorf("sheet: %s: %w", name, err)
	}
	var tables []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "table" {
			tables = append(tables, n)
			return // nested tables are read as text of their cell
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(tables) == 0 {
		return fmt.Errorf("sheet: %s: HTML page without a <table>", name)
	}
	for i, n := range tables {
		g := htmlGrid(n)
		t := &Table{File: name, Sheet: "table" + strconv.Itoa(i+1)}
		if err := streamLayout(t, g.merges, g.textOnly, g.oneHeader, gridSource(g), nil, fn); err != nil {
			return err
		}
	}
	return nil
}

func htmlGrid(tbl *html.Node) *grid {
	g := &grid{textOnly: true}
	occupied := map[[2]int]bool{}
	rowNum := 0
	var rows func(n *html.Node)
	rows = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "thead", "tbody", "tfoot":
				rows(c)
			case "tr":
				rowNum++
				row := gridRow{num: rowNum}
				col := 1
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type != html.ElementNode || (td.Data != "td" && td.Data != "th") {
						continue
					}
					for occupied[[2]int{rowNum, col}] {
						col++
					}
					cs, rs := 1, 1
					for _, a := range td.Attr {
						switch a.Key {
						case "colspan":
							cs, _ = strconv.Atoi(a.Val)
						case "rowspan":
							rs, _ = strconv.Atoi(a.Val)
						}
					}
					cs, rs = max(1, min(cs, 1000)), max(1, min(rs, 10000))
					raw := nodeText(td)
					row.cells = append(row.cells, gridCell{col: col, c: Cell{Ref: cellRef(col, rowNum), Raw: raw, Text: trimCell(raw)}})
					if cs > 1 || rs > 1 {
						g.merges = append(g.merges, mergeRange{r1: rowNum, c1: col, r2: rowNum + rs - 1, c2: col + cs - 1})
						for r := rowNum; r < rowNum+rs; r++ {
							for k := col; k < col+cs; k++ {
								occupied[[2]int{r, k}] = true
							}
						}
					}
					col += cs
				}
				g.rows = append(g.rows, row)
			}
		}
	}
	rows(tbl)
	return g
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return strings.ReplaceAll(b.String(), "\u00a0", " ")
}

// trimCell trims ASCII, ideographic and no-break spaces.
func trimCell(s string) string { return strings.Trim(s, " \t\r\n\u3000\u00a0") }
