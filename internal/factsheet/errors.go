package factsheet

import (
	"fmt"
	"strings"
)

// Error is one problem of a facts file: where (file, sheet, row, column) and
// the value as written.
type Error struct {
	File  string
	Sheet string // "" for CSV and JSON
	// Row is the sheet row (CSV line) or, in a JSON file, the firm's
	// position (1-based); 0 for a problem of the whole file.
	Row int
	// Firm is the firm's credit code as written (or its name), when known
	// and not the value in question.
	Firm string
	// Column is the column letter ("E") of a sheet, or the field path of a
	// JSON firm ("high_tech"); Header the column's header as written.
	Column, Header string
	Value          string
	Reason         string
	json           bool
}

func (e Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %s", e.Sheet)
	}
	if e.Row > 0 {
		if e.json {
			fmt.Fprintf(&b, ", firm %d", e.Row)
		} else {
			fmt.Fprintf(&b, ", row %d", e.Row)
		}
		if e.Firm != "" {
			fmt.Fprintf(&b, " (%s)", e.Firm)
		}
	}
	if e.Column != "" {
		if e.json {
			fmt.Fprintf(&b, ", %s", e.Column)
		} else {
			fmt.Fprintf(&b, ", column %s", e.Column)
		}
		if e.Header != "" {
			fmt.Fprintf(&b, " %s", e.Header)
		}
	} else if e.Header != "" {
		fmt.Fprintf(&b, ", column %s", e.Header)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ", value %q", e.Value)
	}
	return b.String() + ": " + e.Reason
}

// Where is the error's place without the file name, for an import job's
// error list: "column E 有效Ⅰ类知识产权（件）".
func (e Error) Where() string {
	if e.Column == "" {
		return e.Header
	}
	if e.Header == "" {
		return e.Column
	}
	return e.Column + " " + e.Header
}

// Errors are all the problems of a file; nothing of it may be stored.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
