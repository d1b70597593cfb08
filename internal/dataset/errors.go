package dataset

import (
	"fmt"
	"strings"
)

// maxErrors bounds how many problems one load reports.
const maxErrors = 50

// Error is every problem found in a dataset, each as "file: line N: reason"
// (CSV: "file: row N, column C: reason"). Nothing is loaded when a dataset
// has any.
type Error struct {
	Problems []string
	More     int // problems beyond maxErrors not listed
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the dataset; nothing was loaded:", len(e.Problems)+e.More)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p)
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", e.More)
	}
	return b.String()
}

type errList struct {
	file string
	e    *Error
}

func (l *errList) addf(format string, args ...any) {
	if l.e == nil {
		l.e = &Error{}
	}
	if len(l.e.Problems) >= maxErrors {
		l.e.More++
		return
	}
	l.e.Problems = append(l.e.Problems, fmt.Sprintf(format, args...))
}

// add records a problem at a line of l.file.
func (l *errList) add(line int, msg string) {
	l.addf("%s: line %d: %s", l.file, line, msg)
}

// cell records a problem at a CSV cell.
func (l *errList) cell(row int, column, value, msg string) {
	l.addf("%s: row %d, column %s, value %q: %s", l.file, row, column, value, msg)
}

// merge appends the problems of another list or error.
func (l *errList) merge(err error) {
	if err == nil {
		return
	}
	if e, ok := err.(*Error); ok {
		for _, p := range e.Problems {
			l.addf("%s", p)
		}
		if l.e != nil {
			l.e.More += e.More
		}
		return
	}
	l.addf("%s", err.Error())
}

func (l *errList) err() error {
	if l.e == nil {
		return nil
	}
	return l.e
}
