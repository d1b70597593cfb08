package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// streamXLSX streams every visible sheet of a workbook.
//
// Each sheet is read three times, never loaded whole: a fast byte scan of
// the worksheet XML for its merges (which come after the cells), then,
// concurrently, a metadata pass over the worksheet XML (cell types, raw
// values, formulas, styles, hidden rows — which excelize's Rows() does not
// expose) and excelize's streaming Rows() for the text as Excel formats
// it, joined row by row. Formulas without a cached value are computed with
// CalcCellValue (which loads that one sheet).
func streamXLSX(p string, fn func(*Table, *Row) error) error {
	name := baseName(p)
	zf, err := zip.OpenReader(p)
	if err != nil {
		return fmt.Errorf("sheet: %s: not a readable xlsx: %w", name, err)
	}
	defer zf.Close()
	sheets, date1904, err := workbookInfo(&zf.Reader)
	if err != nil {
		return fmt.Errorf("sheet: %s: %w", name, err)
	}
	// excelize reads the whole zip container on open: start it now.
	type opened struct {
		f   *excelize.File
		err error
	}
	openc := make(chan opened, 1)
	go func() {
		f, err := excelize.OpenFile(p)
		openc <- opened{f, err}
	}()
	var xf *opened
	getF := func() (*excelize.File, error) {
		if xf == nil {
			o := <-openc
			xf = &o
		}
		return xf.f, xf.err
	}
	defer func() {
		if f, _ := getF(); f != nil {
			f.Close()
		}
	}()
	indents := styleIndents(&zf.Reader)
	indentOf := func(s int) int {
		if s >= 0 && s < len(indents) {
			return indents[s]
		}
		return 0
	}
	// Hidden sheets are named in every table's notes.
	type todo struct {
		name string
		part *zip.File
	}
	var hiddenNotes []string
	var todos []todo
	for _, sh := range sheets {
		if sh.state == "hidden" || sh.state == "veryHidden" {
			hiddenNotes = append(hiddenNotes, fmt.Sprintf("sheet %s: hidden, skipped", sh.name))
			continue
		}
		part := findPart(&zf.Reader, sh.part)
		if part == nil {
			// A chartsheet or dialog sheet has no worksheet part of that
			// kind; nothing to read.
			continue
		}
		if !strings.Contains(sh.part, "worksheets/") {
			hiddenNotes = append(hiddenNotes, fmt.Sprintf("sheet %s: not a worksheet, skipped", sh.name))
			continue
		}
		todos = append(todos, todo{sh.name, part})
	}
	for _, sh := range todos {
		merges, err := scanMerges(sh.part)
		if err != nil {
			return fmt.Errorf("sheet: %s!%s: %w", name, sh.name, err)
		}
		f, err := getF()
		if err != nil {
			return fmt.Errorf("sheet: %s: %w", name, err)
		}
		src := startXLSXSource(f, sh.name, sh.part, indentOf)
		t := &Table{File: name, Sheet: sh.name, Date1904: date1904}
		srcNotes := func() []string {
			out := make([]string, 0, len(hiddenNotes)+len(src.scanNotes)+len(src.staleNotes))
			out = append(out, hiddenNotes...)
			out = append(out, src.scanNotes...)
			return append(out, src.staleNotes...)
		}
		err = streamLayout(t, merges, false, false, src.next, srcNotes, fn)
		src.stop()
		if err != nil {
			var se *sourceError
			if errors.As(err, &se) {
				return fmt.Errorf("sheet: %s!%s: %w", name, sh.name, se.err)
			}
			return err
		}
	}
	return nil
}

// sourceError marks an error of reading the file (not of fn).
type sourceError struct{ err error }

func (e *sourceError) Error() string { return e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

const xlsxBatch = 256

type gridBatch struct {
	rows  []gridRow
	notes []string
}

// rowText is one row's cell texts as excelize's Rows() formats them.
type rowText struct {
	num  int
	cols []string
}

// xlsxSource joins the two concurrent passes over one worksheet.
type xlsxSource struct {
	f     *excelize.File
	sheet string

	quit    chan struct{}
	wg      sync.WaitGroup
	scanc   chan gridBatch
	textc   chan []rowText
	scanErr error // set before scanc is closed
	textErr error // set before textc is closed

	cur   []gridRow
	ci    int
	texts []rowText
	ti    int
	tdone bool

	scanNotes, staleNotes []string
}

func startXLSXSource(f *excelize.File, sheet string, part *zip.File, indentOf func(int) int) *xlsxSource {
	s := &xlsxSource{f: f, sheet: sheet, quit: make(chan struct{}),
		scanc: make(chan gridBatch, 4), textc: make(chan []rowText, 4)}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		defer close(s.scanc)
		b := gridBatch{rows: make([]gridRow, 0, xlsxBatch)}
		send := func() error {
			select {
			case s.scanc <- b:
				b = gridBatch{rows: make([]gridRow, 0, xlsxBatch)}
				return nil
			case <-s.quit:
				return errStopped
			}
		}
		err := scanSheet(part, indentOf, func(r gridRow) error {
			b.rows = append(b.rows, r)
			if len(b.rows) == xlsxBatch {
				return send()
			}
			return nil
		}, func(n string) { b.notes = append(b.notes, n) })
		if err == nil && (len(b.rows) > 0 || len(b.notes) > 0) {
			err = send()
		}
		if err != errStopped {
			s.scanErr = err
		}
	}()
	go func() {
		defer s.wg.Done()
		defer close(s.textc)
		rows, err := f.Rows(sheet)
		if err != nil {
			s.textErr = err
			return
		}
		defer rows.Close()
		b := make([]rowText, 0, xlsxBatch)
		send := func() bool {
			select {
			case s.textc <- b:
				b = make([]rowText, 0, xlsxBatch)
				return true
			case <-s.quit:
				return false
			}
		}
		for n := 1; rows.Next(); n++ {
			cols, err := rows.Columns()
			if err != nil {
				s.textErr = err
				return
			}
			if len(cols) > 0 {
				b = append(b, rowText{num: n, cols: cols})
				if len(b) == xlsxBatch && !send() {
					return
				}
			}
		}
		if err := rows.Error(); err != nil {
			s.textErr = err
			return
		}
		if len(b) > 0 {
			send()
		}
	}()
	return s
}

var errStopped = errors.New("stopped")

// stop ends both passes and waits for them.
func (s *xlsxSource) stop() {
	close(s.quit)
	s.wg.Wait()
}

// next returns the next scanned row with its text (as Excel formats it,
// trimmed; for shared strings also Raw, untrimmed) and its formulas
// without cached value computed.
func (s *xlsxSource) next() (*gridRow, error) {
	for s.ci >= len(s.cur) {
		b, ok := <-s.scanc
		if !ok {
			if s.scanErr != nil {
				return nil, &sourceError{s.scanErr}
			}
			return nil, nil
		}
		s.scanNotes = append(s.scanNotes, b.notes...)
		s.cur, s.ci = b.rows, 0
	}
	r := &s.cur[s.ci]
	s.ci++
	for {
		if s.ti >= len(s.texts) {
			if s.tdone {
				break
			}
			b, ok := <-s.textc
			if !ok {
				s.tdone = true
				if s.textErr != nil {
					return nil, &sourceError{s.textErr}
				}
				break
			}
			s.texts, s.ti = b, 0
			continue
		}
		if s.texts[s.ti].num < r.num {
			s.ti++
			continue
		}
		break
	}
	if s.ti < len(s.texts) && s.texts[s.ti].num == r.num {
		cols := s.texts[s.ti].cols
		for k := range r.cells {
			c := &r.cells[k]
			if c.col-1 >= len(cols) {
				continue
			}
			t := cols[c.col-1]
			c.c.Text = strings.TrimSpace(t)
			if c.rawFromText {
				c.c.Raw = t
			}
		}
	}
	for k := range r.cells {
		if c := &r.cells[k]; c.c.Stale {
			s.staleNotes = append(s.staleNotes, computeStale(s.f, s.sheet, c))
		}
	}
	return r, nil
}

// scanMerges reads the merged ranges of a worksheet part. They follow the
// cells, so the part is searched as bytes (fast) for the mergeCells
// element, which alone is then parsed as XML.
func scanMerges(part *zip.File) ([]mergeRange, error) {
	rc, err := part.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	const keep = 64 // bytes kept between chunks: "<prefix:mergeCells"
	pat := []byte("mergeCells")
	buf := make([]byte, keep+256<<10)
	carry := 0
	for {
		n, rerr := io.ReadFull(rc, buf[carry:])
		win := buf[:carry+n]
		from := 0
		for {
			i := bytes.Index(win[from:], pat)
			if i < 0 {
				break
			}
			i += from
			// Markup only: "<mergeCells" or "<prefix:mergeCells" (text
			// cannot hold a raw "<").
			lt := -1
			if i > 0 && win[i-1] == '<' {
				lt = i - 1
			} else if i > 0 && win[i-1] == ':' {
				for j := i - 2; j >= 0 && i-j < keep; j-- {
					if win[j] == '<' {
						lt = j
						break
					}
					if !isNameByte(win[j]) {
						break
					}
				}
			}
			if lt >= 0 {
				rest := make([]byte, len(win)-lt)
				copy(rest, win[lt:])
				return parseMergeCells(io.MultiReader(bytes.NewReader(rest), rc))
			}
			from = i + len(pat)
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			return nil, nil
		}
		if rerr != nil {
			return nil, rerr
		}
		carry = min(keep, len(win))
		copy(buf, win[len(win)-carry:])
	}
}

func isNameByte(b byte) bool {
	return b == '_' || b == '-' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// parseMergeCells reads <mergeCells><mergeCell ref="A1:E1"/>…</mergeCells>.
func parseMergeCells(r io.Reader) ([]mergeRange, error) {
	d := xml.NewDecoder(r)
	var out []mergeRange
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == "mergeCell" {
				for _, a := range e.Attr {
					if a.Name.Local == "ref" {
						if m, ok := parseRange(a.Value); ok {
							out = append(out, m)
						}
					}
				}
			}
		case xml.EndElement:
			if e.Name.Local == "mergeCells" {
				return out, nil
			}
		}
	}
}
