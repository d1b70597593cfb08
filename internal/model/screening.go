package model

import "github.com/shopspring/decimal"

// FirmRecord is what the registry, the monthly reports and the supplied
// facts hold about one firm for qualification screening (梯度培育): the
// input of pipeline.Derive.
type FirmRecord struct {
	OrgID        int64
	USCC         string
	Name         string
	RegisteredOn string // YYYY-MM-DD or ""
	// Nodes are the codes of the structure nodes the firm counts in on the
	// screening day: its memberships, their ancestors, and the root for an
	// in-district firm (the rule of the aggregation).
	Nodes []string
	// Recognitions are all its recognitions, valid or not on the day.
	Recognitions []Recognition
	// Figures are its current year-to-date report values of the screening
	// indicators for the years before the screening year.
	Figures []Figure
	// Supplied is the latest facts object the firm supplied (the shape of
	// one firm of a facts file, docs/screening.md, only the facts given;
	// nil when none), SuppliedOn its date (YYYY-MM-DD).
	Supplied   []byte
	SuppliedOn string
}

// Figure is one current report value: indicator code, year, month (the
// 1–Month月 cumulative for flows, the month-end for stocks) and value in
// the indicator's base unit.
type Figure struct {
	Indicator   string
	Year, Month int
	Value       decimal.Decimal
}
