package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// The worksheet scan is the hot loop of reading a big xlsx: a small
// tokenizer written for worksheet XML (elements, attributes, text,
// entities, CDATA, comments, processing instructions) replaces
// encoding/xml, which allocates for every token.

// xmlScan reads XML from r through a sliding buffer.
type xmlScan struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
}

// more reads more input, keeping buf[pos:end]; io.EOF when none is left.
func (x *xmlScan) more() error {
	if x.eof {
		return io.EOF
	}
	if x.pos > 0 {
		copy(x.buf, x.buf[x.pos:x.end])
		x.end -= x.pos
		x.pos = 0
	}
	if x.end == len(x.buf) {
		nb := make([]byte, 2*len(x.buf))
		copy(nb, x.buf[:x.end])
		x.buf = nb
	}
	for {
		n, err := x.r.Read(x.buf[x.end:])
		x.end += n
		if err == io.EOF {
			x.eof = true
			if n > 0 {
				return nil
			}
			return io.EOF
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
	}
}

var errXMLTruncated = errors.New("XML syntax error: unexpected end of worksheet")

// until returns the index (relative to pos) of sep at or after pos+from,
// reading more input as needed.
func (x *xmlScan) until(from int, sep []byte) (int, error) {
	for {
		if i := bytes.Index(x.buf[x.pos+from:x.end], sep); i >= 0 {
			return from + i, nil
		}
		from = max(from, x.end-x.pos-len(sep)+1)
		if err := x.more(); err == io.EOF {
			return 0, errXMLTruncated
		} else if err != nil {
			return 0, err
		}
	}
}

// tagEnd returns the index (relative to pos) of the '>' closing the tag at
// pos, skipping quoted attribute values.
func (x *xmlScan) tagEnd() (int, error) {
	i := 1
	var quote byte
	for {
		for ; x.pos+i < x.end; i++ {
			c := x.buf[x.pos+i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return i, nil
			}
		}
		if err := x.more(); err == io.EOF {
			return 0, errXMLTruncated
		} else if err != nil {
			return 0, err
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func trimSpaceBytes(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// localName drops a namespace prefix.
func localName(b []byte) []byte {
	if i := bytes.LastIndexByte(b, ':'); i >= 0 {
		return b[i+1:]
	}
	return b
}

// nextAttr splits the first attribute off b: its local name and raw value.
func nextAttr(b []byte) (name, val, rest []byte, ok bool) {
	eq := bytes.IndexByte(b, '=')
	if eq < 0 {
		return nil, nil, nil, false
	}
	name = localName(trimSpaceBytes(b[:eq]))
	b = b[eq+1:]
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(b[1:], b[0])
	if end < 0 {
		return nil, nil, nil, false
	}
	return name, b[1 : 1+end], b[2+end:], true
}

// attrString is an attribute value with entities decoded.
func attrString(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 {
		return string(v)
	}
	return string(appendUnescaped(nil, v))
}

// appendUnescaped appends text with XML entities decoded and line ends
// normalised as encoding/xml does ("\r\n" and "\r" → "\n"). An unknown
// entity is kept as written.
func appendUnescaped(dst, b []byte) []byte {
	for len(b) > 0 {
		i := bytes.IndexAny(b, "&\r")
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		if b[0] == '\r' {
			dst = append(dst, '\n')
			b = b[1:]
			if len(b) > 0 && b[0] == '\n' {
				b = b[1:]
			}
			continue
		}
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 12 {
			dst = append(dst, '&')
			b = b[1:]
			continue
		}
		ent := string(b[1:semi])
		switch ent {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "apos":
			dst = append(dst, '\'')
		case "quot":
			dst = append(dst, '"')
		default:
			var n uint64
			var err error = strconv.ErrSyntax
			if len(ent) > 2 && (ent[:2] == "#x" || ent[:2] == "#X") {
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			} else if len(ent) > 1 && ent[0] == '#' {
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				dst = append(dst, b[:semi+1]...)
			} else {
				dst = utf8.AppendRune(dst, rune(n))
			}
		}
		b = b[semi+1:]
	}
	return dst
}

// cellColumn reads the column of a cell reference ("AB12" → 28).
func cellColumn(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
		if col > 16384 {
			return 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, false
	}
	row := 0
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		row = row*10 + int(c-'0')
		if row > 1048576 {
			return 0, false
		}
	}
	return col, row > 0
}

func atoiBytes(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		n, err := strconv.Atoi(string(b))
		return n, err == nil
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			n, err := strconv.Atoi(string(b))
			return n, err == nil
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// scanSheet streams the cells of one worksheet part to emit, row by row:
// cell types, styles, raw values, formulas, hidden rows. Hidden columns
// go to note. It stops at the end of sheetData (merges come after it and
// are read by scanMerges).
func scanSheet(part *zip.File, indentOf func(int) int, emit func(gridRow) error, note func(string)) error {
	rc, err := part.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	x := &xmlScan{r: rc, buf: make([]byte, 256<<10)}
	var row *gridRow
	var cell *xcell
	var cells []xcell
	shared := map[string]string{} // shared formula si → master text
	var fShared, fSI string
	in := "" // element whose text we collect: v, f, t (inside is)
	inIS, inRPh := false, false
	var raw, text []byte // text collected: raw (entities not decoded yet) after text
	collected := func() string {
		text = appendUnescaped(text, raw)
		raw = raw[:0]
		return string(text)
	}
	reset := func() { raw, text = raw[:0], text[:0] }
	nextRow := 0
	flushRow := func() error {
		if row == nil {
			return nil
		}
		row.cells = make([]gridCell, 0, len(cells))
		for _, c := range cells {
			row.cells = append(row.cells, xcellToGrid(c, row.num, indentOf))
		}
		r := *row
		row, cells = nil, cells[:0]
		return emit(r)
	}
	collecting := func() bool { return in != "" }
	start := func(name, attrs []byte) error {
		switch string(name) {
		case "row":
			if err := flushRow(); err != nil {
				return err
			}
			nextRow++
			row = &gridRow{num: nextRow}
			for a := attrs; ; {
				n, v, rest, ok := nextAttr(a)
				if !ok {
					break
				}
				a = rest
				switch string(n) {
				case "r":
					if n, ok := atoiBytes(v); ok {
						row.num, nextRow = n, n
					}
				case "hidden":
					row.hidden = string(v) == "1" || string(v) == "true"
				}
			}
		case "c":
			col := 0
			if len(cells) > 0 {
				col = cells[len(cells)-1].col
			}
			cells = append(cells, xcell{col: col + 1})
			cell = &cells[len(cells)-1]
			for a := attrs; ; {
				n, v, rest, ok := nextAttr(a)
				if !ok {
					break
				}
				a = rest
				switch string(n) {
				case "r":
					if c, ok := cellColumn(v); ok {
						cell.col = c
					}
				case "s":
					cell.style, _ = atoiBytes(v)
				case "t":
					cell.typ = attrString(v)
				}
			}
		case "v":
			in = "v"
			reset()
		case "f":
			in = "f"
			reset()
			fShared, fSI = "", ""
			for a := attrs; ; {
				n, v, rest, ok := nextAttr(a)
				if !ok {
					break
				}
				a = rest
				switch string(n) {
				case "t":
					fShared = attrString(v)
				case "si":
					fSI = attrString(v)
				}
			}
			if cell != nil {
				cell.hasF = true
			}
		case "is":
			inIS = true
			reset()
		case "rPh":
			inRPh = true
		case "t":
			if inIS && !inRPh {
				in = "t"
			}
		case "col":
			var lo, hi, hidden string
			for a := attrs; ; {
				n, v, rest, ok := nextAttr(a)
				if !ok {
					break
				}
				a = rest
				switch string(n) {
				case "min":
					lo = attrString(v)
				case "max":
					hi = attrString(v)
				case "hidden":
					hidden = attrString(v)
				}
			}
			if hidden == "1" || hidden == "true" {
				a, _ := strconv.Atoi(lo)
				b, _ := strconv.Atoi(hi)
				note(fmt.Sprintf("columns %s-%s: hidden in Excel (read anyway)", ColumnLetter(a), ColumnLetter(b)))
			}
		}
		return nil
	}
	// end handles an end tag; done at the end of sheetData.
	end := func(name []byte) (done bool, err error) {
		switch string(name) {
		case "v":
			if cell != nil {
				cell.v = collected()
			}
			in = ""
		case "f":
			if cell != nil {
				ft := collected()
				if fShared == "shared" {
					if ft != "" {
						shared[fSI] = ft
					} else {
						ft = shared[fSI]
					}
				}
				cell.formula = ft
			}
			in = ""
		case "t":
			if in == "t" {
				in = ""
			}
		case "rPh":
			inRPh = false
		case "is":
			inIS = false
			if cell != nil {
				cell.inlineIS = collected()
			}
		case "c":
			cell = nil
		case "row":
			return false, flushRow()
		case "sheetData":
			return true, flushRow()
		}
		return false, nil
	}
	for {
		i := bytes.IndexByte(x.buf[x.pos:x.end], '<')
		if i < 0 {
			if collecting() {
				raw = append(raw, x.buf[x.pos:x.end]...)
			}
			x.pos = x.end
			if err := x.more(); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
			continue
		}
		if collecting() {
			raw = append(raw, x.buf[x.pos:x.pos+i]...)
		}
		x.pos += i
		// A tag at pos: make sure its first bytes are buffered.
		for x.end-x.pos < 9 && !x.eof {
			if err := x.more(); err != nil && err != io.EOF {
				return err
			}
		}
		b := x.buf[x.pos:x.end]
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			j, err := x.until(4, []byte("-->"))
			if err != nil {
				return err
			}
			x.pos += j + 3
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			j, err := x.until(9, []byte("]]>"))
			if err != nil {
				return err
			}
			if collecting() {
				text = appendUnescaped(text, raw)
				raw = raw[:0]
				text = append(text, x.buf[x.pos+9:x.pos+j]...)
			}
			x.pos += j + 3
		case bytes.HasPrefix(b, []byte("<?")):
			j, err := x.until(2, []byte("?>"))
			if err != nil {
				return err
			}
			x.pos += j + 2
		default:
			j, err := x.tagEnd()
			if err != nil {
				return err
			}
			tag := x.buf[x.pos+1 : x.pos+j]
			x.pos += j + 1
			if len(tag) == 0 || tag[0] == '!' {
				continue // DOCTYPE and the like
			}
			if tag[0] == '/' {
				done, err := end(localName(trimSpaceBytes(tag[1:])))
				if err != nil || done {
					return err
				}
				continue
			}
			self := tag[len(tag)-1] == '/'
			if self {
				tag = tag[:len(tag)-1]
			}
			k := 0
			for k < len(tag) && !isSpace(tag[k]) {
				k++
			}
			name := localName(tag[:k])
			if err := start(name, tag[k:]); err != nil {
				return err
			}
			if self {
				done, err := end(name)
				if err != nil || done {
					return err
				}
			}
		}
	}
	return flushRow()
}
