package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ReadCSV reads a whole CSV file into a Table named name (File and Sheet).
//
// Encoding: UTF-8 (a BOM is stripped); UTF-16 with a BOM (Excel "Unicode
// text", usually tab-separated); otherwise GB18030, a superset of GBK and
// GB2312, which is what Chinese Excel writes as "CSV (逗号分隔)". Text
// that is neither is an error naming the first bad line. The delimiter is
// a comma, or a tab/semicolon when the first line has those and no comma.
// Quoted fields may span lines; Row.Number is the line on which a record
// starts. Layout: optional title and unit lines, then exactly one header
// line; the rest as for xlsx (sections, 其中 sub-items, blank lines noted).
// Cells have Text (trimmed) and Raw (as written); Number is always nil.
func ReadCSV(r io.Reader, name string) (*Table, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var tables []*Table
	if err := streamCSVBytes(b, name, collect(&tables)); err != nil {
		return nil, err
	}
	return tables[0], nil
}

// decodeText returns b as UTF-8 and the name of the encoding found.
func decodeText(b []byte, name string) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if !utf8.Valid(b) {
			return nil, "", fmt.Errorf("sheet: %s: line %d: invalid UTF-8 after a UTF-8 BOM", name, badUTF8Line(b))
		}
		return b, "UTF-8 (BOM)", nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return nil, "", fmt.Errorf("sheet: %s: invalid UTF-16: %w", name, err)
		}
		return out, "UTF-16", nil
	case utf8.Valid(b):
		return b, "UTF-8", nil
	}
	// GB18030, line by line so that an error can name the line.
	var out bytes.Buffer
	dec := simplifiedchinese.GB18030.NewDecoder()
	for i, line := range bytes.SplitAfter(b, []byte("\n")) {
		u, err := dec.Bytes(line)
		if err != nil || bytes.ContainsRune(u, utf8.RuneError) {
			return nil, "", fmt.Errorf("sheet: %s: line %d: text is neither UTF-8 (invalid from line %d) nor GB18030/GBK", name, i+1, badUTF8Line(b))
		}
		out.Write(u)
	}
	return out.Bytes(), "GB18030", nil
}

func badUTF8Line(b []byte) int {
	for i, line := range bytes.SplitAfter(b, []byte("\n")) {
		if !utf8.Valid(line) {
			return i + 1
		}
	}
	return 0
}

// streamCSVBytes streams the records of a CSV file through the layout
// analysis (the file's bytes are held, the rows are not).
func streamCSVBytes(b []byte, name string, fn func(*Table, *Row) error) error {
	text, enc, err := decodeText(b, name)
	if err != nil {
		return err
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	first, _, _ := bytes.Cut(text, []byte("\n"))
	if !bytes.ContainsRune(first, ',') {
		if bytes.ContainsRune(first, '\t') {
			cr.Comma = '\t'
		} else if bytes.ContainsRune(first, ';') {
			cr.Comma = ';'
		}
	}
	next := func() (*gridRow, error) {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &sourceError{fmt.Errorf("sheet: %s: line %d: %w", name, pe.StartLine, err)}
			}
			return nil, &sourceError{fmt.Errorf("sheet: %s: %w", name, err)}
		}
		line, _ := cr.FieldPos(0)
		row := &gridRow{num: line, cells: make([]gridCell, 0, len(rec))}
		for i, f := range rec {
			gc := gridCell{col: i + 1}
			gc.c = Cell{Ref: cellRef(i+1, line), Raw: f, Text: trimCell(f)}
			row.cells = append(row.cells, gc)
		}
		return row, nil
	}
	t := &Table{File: name, Sheet: name}
	var src []string
	if enc != "UTF-8" {
		src = append(src, "encoding: "+enc)
	}
	err = streamLayout(t, nil, true, true, next, func() []string { return src }, fn)
	if se, ok := err.(*sourceError); ok {
		return se.err
	}
	return err
}
