// Package ledger holds the bureau's ledgers (台账) as records and computes
// their published figures from them, so a published number and its records
// always agree:
//
//   - technology contracts (技术合同认定登记): contract value (合同成交额),
//     technology transaction value (技术交易额) after the named non-technical
//     deductions, output (输出) and absorption (吸纳);
//   - IP-value and IP-pledge loans (知识价值信用贷款, 知识产权质押融资): the
//     credit line of a grade, amounts lent and outstanding, the
//     risk-compensation split of an overdue loan;
//   - incubation (孵化载体, 在孵企业): carriers by level, firms in incubation,
//     the 24-month entry and 48-month stay limits, the national-incubator
//     criteria as a screening report;
//   - talent (人才团队, 人才, 人才计划): teams and people introduced and
//     programme winners.
//
// Money is integer fen (Fen); nothing is a float. A missing fact is a nil
// pointer, never zero. The package has no SQL and no HTTP; Read turns a
// spreadsheet into records, checking every cell.
package ledger

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/quantity"
)

// Kind names a ledger.
type Kind string

// The ledgers.
const (
	Contracts  Kind = "contracts"  // 技术合同
	Loans      Kind = "loans"      // 知识价值信用贷款
	Incubation Kind = "incubation" // 孵化载体与在孵企业
	Talent     Kind = "talent"     // 人才
)

// Kinds lists the ledgers in the order pages show them.
var Kinds = []Kind{Contracts, Loans, Incubation, Talent}

// Label is the ledger's Chinese name.
func (k Kind) Label() string {
	switch k {
	case Contracts:
		return "技术合同登记台账"
	case Loans:
		return "知识价值信用贷款台账"
	case Incubation:
		return "孵化载体台账"
	case Talent:
		return "人才台账"
	}
	return string(k)
}

// ImportKind is the kind an import job of the ledger is recorded with
// ("ledger-contracts" …).
func (k Kind) ImportKind() string { return "ledger-" + string(k) }

// SourceCode is the code of the source the ledger's aggregates are
// observations of ("ledger-contracts" …), beside the published figures.
func (k Kind) SourceCode() string { return "ledger-" + string(k) }

// Fen is an amount of money in fen (hundredths of a yuan), exact.
type Fen int64

// Yuan is the amount in yuan, exact.
func (f Fen) Yuan() decimal.Decimal { return decimal.New(int64(f), -2) }

// String prints the amount as a bureau writes it: 5亿元, 7010.2万元, 80万元.
func (f Fen) String() string { return quantity.Format(f.Yuan(), quantity.Yuan, "", -1) }

// Wan prints the amount in 万元 with up to six decimals, trailing zeros
// removed (tables in 万元): 7010.2.
func (f Fen) Wan() string { return f.Yuan().Shift(-4).String() }

// FenOf converts yuan to fen; more than two decimals (a fraction of a fen)
// is an error, never rounded silently.
func FenOf(yuan decimal.Decimal) (Fen, error) {
	f := yuan.Shift(2)
	if !f.Equal(f.Truncate(0)) {
		return 0, fmt.Errorf("%s元 has a fraction of a fen", yuan)
	}
	if !f.Abs().LessThan(decimal.New(1, 17)) {
		return 0, fmt.Errorf("%s元 is out of range", yuan)
	}
	return Fen(f.IntPart()), nil
}

// Yuan returns n yuan as Fen.
func Yuan(n int64) Fen { return Fen(n * 100) }

// Wan returns n 万元 as Fen.
func Wan(n int64) Fen { return Fen(n * 1_000_000) }

// Party is a side of a contract or a loan: an organisation, in the district
// (then Node may name its node) or outside it (Region names where).
type Party struct {
	Name       string
	USCC       string // 统一社会信用代码, "" when unknown or foreign
	InDistrict bool
	Region     string // outside the district: 北京市海淀区 …
	Node       string // node code, "" for the district as a whole
}

// Problem is one thing wrong with a record: the field (Read maps it to its
// column), the value and why.
type Problem struct {
	Field  string
	Value  string
	Reason string
}

func (p Problem) Error() string {
	if p.Value != "" {
		return fmt.Sprintf("%s %q: %s", p.Field, p.Value, p.Reason)
	}
	return p.Field + ": " + p.Reason
}

// Day formats a date as YYYY-MM-DD ("" for the zero time).
func Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// DayPtr formats an optional date ("" for nil).
func DayPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return Day(*t)
}
