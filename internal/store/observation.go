package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

// ObservationFilter selects observations. Zero fields select everything.
type ObservationFilter struct {
	SystemID  int64
	Scopes    []string  // node or organisation codes
	Indicator string    // indicator code
	EndFrom   time.Time // period ends on or after this day
	EndTo     time.Time // period ends on or before this day
}

const observationSelect = `SELECT o.id, COALESCE(n.code, ''), COALESCE(org.code, ''), COALESCE(n.name, org.name), COALESCE(NULLIF(n.label, ''), n.name, org.name),
	i.id, i.code, i.name_zh, i.name_en, i.unit, i.kind, i.display_precision, i.counter, i.definition,
	o.period, o.value, o.value_written, o.qualifier, o.yoy, o.pp_change, o.status, COALESCE(src.code, ''), COALESCE(src.title, ''), o.quote, o.note
	FROM observations o
	JOIN indicators i ON i.id = o.indicator_id
	LEFT JOIN nodes n ON n.id = o.node_id
	LEFT JOIN organisations org ON org.id = o.org_id
	LEFT JOIN sources src ON src.id = o.source_id`

// Observations returns the observations matching f, ordered by scope,
// indicator and period end.
func (s *Store) Observations(ctx context.Context, f ObservationFilter) ([]model.Observation, error) {
	var where []string
	var args []any
	if f.SystemID != 0 {
		where = append(where, "o.system_id = ?")
		args = append(args, f.SystemID)
	}
	if len(f.Scopes) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(f.Scopes)), ", ")
		where = append(where, "(n.code IN ("+ph+") OR org.code IN ("+ph+"))")
		for range 2 {
			for _, c := range f.Scopes {
				args = append(args, c)
			}
		}
	}
	if f.Indicator != "" {
		where = append(where, "i.code = ?")
		args = append(args, f.Indicator)
	}
	if !f.EndFrom.IsZero() {
		where = append(where, "o.period_end >= ?")
		args = append(args, f.EndFrom.Format(dateLayout))
	}
	if !f.EndTo.IsZero() {
		where = append(where, "o.period_end <= ?")
		args = append(args, f.EndTo.Format(dateLayout))
	}
	q := observationSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY o.node_id, o.org_id, o.period_end, o.id"
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Observation
	for rows.Next() {
		o, err := scanObservation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Observation returns one observation by id; ErrNotFound when unknown.
func (s *Store) Observation(ctx context.Context, id int64) (model.Observation, error) {
	rows, err := s.query(ctx, observationSelect+" WHERE o.id = ?", id)
	if err != nil {
		return model.Observation{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return model.Observation{}, err
		}
		return model.Observation{}, fmt.Errorf("observation %d: %w", id, ErrNotFound)
	}
	return scanObservation(rows)
}

func scanObservation(rows *sql.Rows) (model.Observation, error) {
	var o model.Observation
	var unit, kind, per, value, status string
	var yoy, pp sql.NullString
	err := rows.Scan(&o.ID, &o.Scope.NodeCode, &o.Scope.OrgCode, &o.Scope.Name, &o.Scope.Label,
		&o.Indicator.ID, &o.Indicator.Code, &o.Indicator.NameZh, &o.Indicator.NameEn, &unit, &kind, &o.Indicator.Precision,
		&o.Indicator.Counter, &o.Indicator.Definition,
		&per, &value, &o.ValueWritten, &o.Qualifier, &yoy, &pp, &status, &o.SourceCode, &o.SourceTitle, &o.Quote, &o.Note)
	if err != nil {
		return o, err
	}
	o.Indicator.Unit, o.Indicator.Kind, o.Status = quantity.Unit(unit), model.IndicatorKind(kind), model.Status(status)
	if o.Period, err = period.Parse(per); err != nil {
		return o, fmt.Errorf("observation %d: stored period: %w", o.ID, err)
	}
	if o.Value, err = parseDecimal(value, "value"); err != nil {
		return o, fmt.Errorf("observation %d: %w", o.ID, err)
	}
	if o.YoY, err = parseNullDecimal(yoy, "yoy"); err != nil {
		return o, fmt.Errorf("observation %d: %w", o.ID, err)
	}
	if o.PPChange, err = parseNullDecimal(pp, "pp_change"); err != nil {
		return o, fmt.Errorf("observation %d: %w", o.ID, err)
	}
	return o, nil
}

// SetObservationValue corrects the value of one observation (exact, base
// units) and the text it is written as. ErrNotFound when id is unknown.
func (s *Store) SetObservationValue(ctx context.Context, id int64, v decimal.Decimal, written string) error {
	return s.tx(ctx, func(t *txn) error {
		res, err := t.exec(ctx, `UPDATE observations SET value = ?, value_written = ? WHERE id = ?`, v.String(), written, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("observation %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// Targets returns a system's targets, ordered by scope and target year.
func (s *Store) Targets(ctx context.Context, systemID int64) ([]model.Target, error) {
	rows, err := s.query(ctx, `SELECT t.id, COALESCE(n.code, ''), COALESCE(org.code, ''), COALESCE(n.name, org.name), COALESCE(NULLIF(n.label, ''), n.name, org.name),
		i.id, i.code, i.name_zh, i.name_en, i.unit, i.kind, i.display_precision, i.counter, i.definition,
		t.target_year, t.horizon, t.verb, t.value, t.value_written, t.qualifier, t.plan_start, t.baseline_period, t.baseline_value,
		COALESCE(src.code, ''), COALESCE(src.title, ''), t.quote, t.note
		FROM targets t
		JOIN indicators i ON i.id = t.indicator_id
		LEFT JOIN nodes n ON n.id = t.node_id
		LEFT JOIN organisations org ON org.id = t.org_id
		LEFT JOIN sources src ON src.id = t.source_id
		WHERE t.system_id = ? ORDER BY n.sort, t.node_id, t.target_year, t.id`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Target
	for rows.Next() {
		var t model.Target
		var unit, kind, value string
		var planStart, basePeriod, baseValue sql.NullString
		if err := rows.Scan(&t.ID, &t.Scope.NodeCode, &t.Scope.OrgCode, &t.Scope.Name, &t.Scope.Label,
			&t.Indicator.ID, &t.Indicator.Code, &t.Indicator.NameZh, &t.Indicator.NameEn, &unit, &kind, &t.Indicator.Precision,
			&t.Indicator.Counter, &t.Indicator.Definition,
			&t.Year, &t.Horizon, &t.Verb, &value, &t.ValueWritten, &t.Qualifier, &planStart, &basePeriod, &baseValue,
			&t.SourceCode, &t.SourceTitle, &t.Quote, &t.Note); err != nil {
			return nil, err
		}
		t.Indicator.Unit, t.Indicator.Kind = quantity.Unit(unit), model.IndicatorKind(kind)
		if t.Value, err = parseDecimal(value, "target value"); err != nil {
			return nil, err
		}
		if planStart.Valid {
			d, err := time.Parse(dateLayout, planStart.String)
			if err != nil {
				return nil, fmt.Errorf("target %d: stored plan_start %q: %w", t.ID, planStart.String, err)
			}
			t.PlanStart = &d
		}
		if basePeriod.Valid {
			p, err := period.Parse(basePeriod.String)
			if err != nil {
				return nil, fmt.Errorf("target %d: stored baseline period: %w", t.ID, err)
			}
			t.BaselinePeriod = &p
		}
		if t.Baseline, err = parseNullDecimal(baseValue, "baseline"); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
