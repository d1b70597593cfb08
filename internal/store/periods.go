package store

import (
	"context"
	"database/sql"
	"errors"
)

// ReportPeriodChoice is the period pages show by default (see
// DefaultReportPeriod) and, when a newer period is still being collected,
// that period and how many firms have reported it so far.
type ReportPeriodChoice struct {
	Year, Month int
	OK          bool // false: no current reports at all
	// Collecting is the newest reported period when it is still being
	// collected (zero Year otherwise); CollectingFirms the distinct firms
	// that reported it so far.
	Collecting      [2]int
	CollectingFirms int
}

// Collection-detection bounds. A period is compared with at most
// periodLookback periods before it, and at most periodStepBack periods are
// skipped. A period with fewer than fewRows current rows (a few hundred
// firms' reports) is compared with the largest of the periodLookback
// periods before it — cheaply, every count bounded by twice its own — so
// that one eager firm that reported two new months does not make the
// second look complete; a larger one with the period just before it.
const (
	periodLookback = 3
	periodStepBack = 3
	fewRows        = 4096
)

// DefaultReportPeriod is the newest period (year, 1–month) that is not
// still being collected, the one pages default to.
//
// The rule: take the reported periods newest first (P0, P1, …). A period
// P_i is being collected when it has fewer current report rows than half of
// those of the period before it, P_i+1 (rows rather than distinct firms:
// what the reports_period index counts without reading the table; firms
// report about the same number of indicators each, so the ratio is the
// firms'). While P_i has only a few rows (under 4,096), it is compared with
// the largest of the (up to) three periods before it instead, so that a
// firm that reported 1–9月 and 1–10月 before the others reported 1–9月 does
// not make 1–10月 the default. The default is the newest period that is
// not being collected, stepping back at most three periods (then the
// oldest examined is taken); the oldest reported period, having nothing to
// compare with, is never being collected. So with 250 firms' 1–8月 and one
// firm's 1–9月 the default stays 1–8月; once 125 or more of them have
// reported 1–9月 it becomes 1–9月.
//
// Cost: a few index probes to list the periods, then counts over the
// reports_period index. Every count is bounded: a period being collected is
// counted in full (it is small) and the periods before it only up to twice
// its count plus one; a complete period costs one count of the period
// before it and half a count of itself — at 1,000,000 firms (5 M rows a
// period) about 1.5 full scans of a period's index entries. Callers cache
// the answer until the district's data changes (DataVersion).
func (s *Store) DefaultReportPeriod(ctx context.Context, systemID int64) (ReportPeriodChoice, error) {
	var c ReportPeriodChoice
	periods, err := s.NewestReportPeriods(ctx, systemID, periodStepBack+periodLookback+1)
	if err != nil || len(periods) == 0 {
		return c, err
	}
	c.OK = true
	i := 0
	for ; i < len(periods)-1 && i < periodStepBack; i++ {
		collecting, err := s.periodCollecting(ctx, systemID, periods[i], periods[i+1:])
		if err != nil {
			return c, err
		}
		if !collecting {
			break
		}
	}
	c.Year, c.Month = periods[i][0], periods[i][1]
	if i > 0 {
		c.Collecting = periods[0]
		if c.CollectingFirms, err = s.PeriodFirms(ctx, systemID, periods[0][0], periods[0][1]); err != nil {
			return c, err
		}
	}
	return c, nil
}

// periodCollecting applies DefaultReportPeriod's rule to period p, whose
// predecessors (newest first) are before.
func (s *Store) periodCollecting(ctx context.Context, systemID int64, p [2]int, before [][2]int) (bool, error) {
	n, err := s.PeriodRows(ctx, systemID, p[0], p[1], fewRows)
	if err != nil {
		return false, err
	}
	if n < fewRows {
		// Few rows (counted exactly): against the largest of the periods
		// before, each counted up to 2n+1 — enough to tell.
		for j, q := range before {
			if j == periodLookback {
				break
			}
			m, err := s.PeriodRows(ctx, systemID, q[0], q[1], 2*n+1)
			if err != nil {
				return false, err
			}
			if m > 2*n {
				return true, nil
			}
		}
		return false, nil
	}
	// Many rows: against the period just before, counted in full; p itself
	// only up to half of that.
	prev, err := s.PeriodRows(ctx, systemID, before[0][0], before[0][1], 0)
	if err != nil {
		return false, err
	}
	half := (prev + 1) / 2 // p is complete when 2n ≥ prev, i.e. n ≥ ⌈prev/2⌉
	if half <= fewRows {
		return false, nil // n ≥ fewRows ≥ half
	}
	n, err = s.PeriodRows(ctx, systemID, p[0], p[1], half)
	if err != nil {
		return false, err
	}
	return n < half, nil
}

// PeriodRows counts the current report rows of a period (year, 1–month),
// stopping at limit when limit > 0 (then the result is min(rows, limit)).
// It reads only the reports_period index.
func (s *Store) PeriodRows(ctx context.Context, systemID int64, year, month, limit int) (int, error) {
	var n int
	var err error
	if limit > 0 {
		err = s.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM reports
			WHERE system_id = ? AND is_current AND year = ? AND month = ? LIMIT ?) x`,
			systemID, year, month, limit).Scan(&n)
	} else {
		err = s.queryRow(ctx, `SELECT COUNT(*) FROM reports
			WHERE system_id = ? AND is_current AND year = ? AND month = ?`,
			systemID, year, month).Scan(&n)
	}
	return n, err
}

// PeriodFirms counts the distinct firms with current reports for a period
// (year, 1–month); one pass over the period's reports_period entries.
func (s *Store) PeriodFirms(ctx context.Context, systemID int64, year, month int) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(DISTINCT org_id) FROM reports
		WHERE system_id = ? AND is_current AND year = ? AND month = ?`,
		systemID, year, month).Scan(&n)
	return n, err
}

// NewestReportPeriods lists up to n of the (year, month) pairs with
// current reports, newest first, by the same descending index probes as
// ReportPeriods (one or two per period), stopping after n.
func (s *Store) NewestReportPeriods(ctx context.Context, systemID int64, n int) ([][2]int, error) {
	var out [][2]int
	y, m, ok, err := s.NewestReportPeriod(ctx, systemID)
	for ok && err == nil && len(out) < n {
		out = append(out, [2]int{y, m})
		if len(out) == n {
			break
		}
		err = s.queryRow(ctx, `SELECT month FROM reports WHERE system_id = ? AND is_current AND year = ? AND month < ?
			ORDER BY month DESC LIMIT 1`, systemID, y, m).Scan(&m)
		if errors.Is(err, sql.ErrNoRows) {
			err = s.queryRow(ctx, `SELECT year, month FROM reports WHERE system_id = ? AND is_current AND year < ?
				ORDER BY year DESC, month DESC LIMIT 1`, systemID, y).Scan(&y, &m)
			if errors.Is(err, sql.ErrNoRows) {
				return out, nil
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
