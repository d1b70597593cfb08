package bulletin

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
)

// Markdown renders the bulletin as Markdown with numbered source footnotes.
func (b Bulletin) Markdown() string {
	var s strings.Builder
	fmt.Fprintf(&s, "# %s\n\n（%s）\n\n", b.Title, b.Subtitle)
	for _, sec := range b.Sections {
		fmt.Fprintf(&s, "## %s\n\n%s\n\n", sec.Heading, sec.cited("[^%d]"))
	}
	if len(b.Sources) > 0 {
		for i, src := range b.Sources {
			fmt.Fprintf(&s, "[^%d]: 资料来源：%s\n", i+1, src.Title)
		}
		s.WriteString("\n")
	}
	fmt.Fprintf(&s, "本简报由 kechuang 根据数据库中的公布数生成；目标进度判断日期：%s。\n", b.AsOf.Format("2006年1月2日"))
	return s.String()
}

// cited is the paragraph with a source marker after each sentence; marker
// is a format with one %d, the 1-based source number.
func (sec Section) cited(marker string) string {
	var s strings.Builder
	for _, x := range sec.Sentences {
		s.WriteString(x.Text)
		for _, c := range x.Cites {
			fmt.Fprintf(&s, marker, c+1)
		}
	}
	return s.String()
}

// Text renders the bulletin as plain text, as printed on a terminal.
func (b Bulletin) Text() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s\n（%s）\n\n", b.Title, b.Subtitle)
	for _, sec := range b.Sections {
		fmt.Fprintf(&s, "【%s】\n%s\n\n", sec.Heading, sec.cited("[%d]"))
	}
	for i, src := range b.Sources {
		fmt.Fprintf(&s, "[%d] %s\n", i+1, src.Title)
	}
	return s.String()
}

//go:embed bulletin.html
var htmlSource string

var htmlTemplate = template.Must(template.New("bulletin").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}).Parse(htmlSource))

// HTML renders the bulletin as a standalone, printable HTML page (A4, no
// external resources).
func (b Bulletin) HTML() ([]byte, error) {
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
