package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/shopspring/decimal"
)

// LinkedTransactionValue sums the technology transaction value (技术交易额,
// yuan) of the registered contracts whose registration numbers are given;
// linked numbers not (yet) in the contract ledger are counted in missing.
func (s *Store) LinkedTransactionValue(ctx context.Context, systemID int64, regNos []string) (sum decimal.Decimal, found, missing int, err error) {
	for _, no := range regNos {
		var fen sql.NullInt64
		err = s.queryRow(ctx, `SELECT transaction_fen FROM tech_contracts WHERE system_id = ? AND reg_no = ?`, systemID, no).Scan(&fen)
		if errors.Is(err, sql.ErrNoRows) {
			missing++
			err = nil
			continue
		}
		if err != nil {
			return sum, found, missing, err
		}
		sum = sum.Add(decimal.New(fen.Int64, -2))
		found++
	}
	return sum, found, missing, nil
}
