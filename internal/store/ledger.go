package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kechuang/kechuang/internal/ledger"
	"github.com/kechuang/kechuang/internal/model"
)

// LedgerRefError is a record that names another the file and the database
// do not hold (a stay's carrier, a person's team, an award's winner).
type LedgerRefError struct {
	Sheet  string // the layout: 在孵企业, 人才, 人才计划入选
	Row    int
	Column string
	Value  string
	Reason string
}

func (e *LedgerRefError) Error() string {
	return fmt.Sprintf("%s row %d, column %s, value %q: %s", e.Sheet, e.Row, e.Column, e.Value, e.Reason)
}

// LedgerSummary counts what WriteLedger stored.
type LedgerSummary struct {
	Added, Updated int // records (a record with the same key is replaced)
	Figures        int // ledger aggregates written as observations
}

// WriteLedger stores a ledger's records and its aggregates in one
// transaction (nothing is written when it returns an error):
//
//   - records are upserted by their key (contract 登记编号, loan 借款合同编号,
//     carrier name, stay (carrier, firm, 入孵日期), team name, person
//     identity number, award (programme, category, year, winner)); a stay
//     names its carrier, a person its team, an award its person (identity
//     number) or team, from the same file or already stored — otherwise a
//     *LedgerRefError;
//   - every observation of the ledger (observations.ledger = k) is replaced
//     by obs, under the source src: the ledger's aggregates sit beside the
//     published figures, never replacing them.
//
// importID is the job the records came from (0 for entry by hand).
func (s *Store) WriteLedger(ctx context.Context, systemID, importID int64, k ledger.Kind, b ledger.Books, src model.Source, obs []model.Observation) (LedgerSummary, error) {
	var sum LedgerSummary
	err := s.tx(ctx, func(t *txn) error {
		nodes, err := t.codeIDs(ctx, `SELECT code, id FROM nodes WHERE system_id = ?`, systemID)
		if err != nil {
			return err
		}
		w := ledgerWriter{t: t, ctx: ctx, sys: systemID, imp: nullID(importID), nodes: nodes, sum: &sum}
		if err := w.write(b); err != nil {
			return err
		}
		sum.Figures, err = t.replaceLedgerFigures(ctx, systemID, k, src, obs)
		return err
	})
	return sum, err
}

// ReplaceLedgerFigures replaces the aggregates of a ledger (after records
// were deleted, or to recompute them on another day).
func (s *Store) ReplaceLedgerFigures(ctx context.Context, systemID int64, k ledger.Kind, src model.Source, obs []model.Observation) (int, error) {
	var n int
	err := s.tx(ctx, func(t *txn) error {
		var err error
		n, err = t.replaceLedgerFigures(ctx, systemID, k, src, obs)
		return err
	})
	return n, err
}

func (t *txn) replaceLedgerFigures(ctx context.Context, systemID int64, k ledger.Kind, src model.Source, obs []model.Observation) (int, error) {
	srcID, err := t.insertID(ctx, `INSERT INTO sources (code, title, publisher, published, url, note, body)
		VALUES (?, ?, ?, ?, '', ?, '')
		ON CONFLICT (code) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
			published = excluded.published, note = excluded.note
		RETURNING id`, src.Code, src.Title, src.Publisher, src.Published, src.Note)
	if err != nil {
		return 0, err
	}
	if _, err := t.exec(ctx, `DELETE FROM observations WHERE system_id = ? AND ledger = ?`, systemID, string(k)); err != nil {
		return 0, err
	}
	nodes, err := t.codeIDs(ctx, `SELECT code, id FROM nodes WHERE system_id = ?`, systemID)
	if err != nil {
		return 0, err
	}
	inds, err := t.codeIDs(ctx, `SELECT code, id FROM indicators`)
	if err != nil {
		return 0, err
	}
	for _, o := range obs {
		nodeID, ok := nodes[o.Scope.NodeCode]
		if !ok {
			return 0, fmt.Errorf("ledger figure: node %q is not in the system", o.Scope.NodeCode)
		}
		indID, ok := inds[o.Indicator.Code]
		if !ok {
			return 0, fmt.Errorf("ledger figure: indicator %q is not in the catalogue", o.Indicator.Code)
		}
		if _, err := t.exec(ctx, `INSERT INTO observations (system_id, node_id, org_id, indicator_id, period, period_start, period_end,
				value, value_written, qualifier, yoy, pp_change, status, source_id, quote, note, ledger)
			VALUES (?, ?, NULL, ?, ?, ?, ?, ?, '', '', NULL, NULL, ?, ?, ?, ?, ?)`,
			systemID, nodeID, indID, o.Period.String(), o.Period.Start().Format(dateLayout), o.Period.End().Format(dateLayout),
			o.Value.String(), string(model.Published), srcID, o.Quote, o.Note, string(k)); err != nil {
			return 0, fmt.Errorf("ledger figure %s of %s for %s: %w", o.Indicator.Code, o.Scope.NodeCode, o.Period, err)
		}
	}
	return len(obs), nil
}

type ledgerWriter struct {
	t     *txn
	ctx   context.Context
	sys   int64
	imp   any
	nodes map[string]int64
	sum   *LedgerSummary
}

func (w ledgerWriter) node(code string) any {
	if id, ok := w.nodes[code]; ok && code != "" {
		return id
	}
	return nil
}

func day(t time.Time) string { return t.Format(dateLayout) }

func dayPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(dateLayout)
}

func fenPtr(f *ledger.Fen) any {
	if f == nil {
		return nil
	}
	return int64(*f)
}

func intPtr(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// upsert runs an INSERT … ON CONFLICT … DO UPDATE … RETURNING id, counting
// an existing key as updated.
func (w ledgerWriter) upsert(exists string, existsArgs []any, q string, args ...any) (int64, error) {
	var old int64
	err := w.t.queryRow(w.ctx, exists, existsArgs...).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		w.sum.Added++
	case err != nil:
		return 0, err
	default:
		w.sum.Updated++
	}
	return w.t.insertID(w.ctx, q, args...)
}

func (w ledgerWriter) write(b ledger.Books) error {
	for _, c := range b.Contracts {
		id, err := w.upsert(`SELECT id FROM tech_contracts WHERE system_id = ? AND reg_no = ?`, []any{w.sys, c.RegNo},
			`INSERT INTO tech_contracts (system_id, reg_no, name, kind, seller_name, seller_uscc, seller_in_district, seller_region, seller_node_id,
				buyer_name, buyer_uscc, buyer_in_district, buyer_region, buyer_node_id, signed_on, registered_on, contract_fen, transaction_fen, field, import_id, row_no)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system_id, reg_no) DO UPDATE SET name = excluded.name, kind = excluded.kind, seller_name = excluded.seller_name,
				seller_uscc = excluded.seller_uscc, seller_in_district = excluded.seller_in_district, seller_region = excluded.seller_region,
				seller_node_id = excluded.seller_node_id, buyer_name = excluded.buyer_name, buyer_uscc = excluded.buyer_uscc,
				buyer_in_district = excluded.buyer_in_district, buyer_region = excluded.buyer_region, buyer_node_id = excluded.buyer_node_id,
				signed_on = excluded.signed_on, registered_on = excluded.registered_on, contract_fen = excluded.contract_fen,
				transaction_fen = excluded.transaction_fen, field = excluded.field, import_id = excluded.import_id, row_no = excluded.row_no
			RETURNING id`,
			w.sys, c.RegNo, c.Name, string(c.Kind), c.Seller.Name, c.Seller.USCC, c.Seller.InDistrict, c.Seller.Region, w.node(c.Seller.Node),
			c.Buyer.Name, c.Buyer.USCC, c.Buyer.InDistrict, c.Buyer.Region, w.node(c.Buyer.Node), day(c.SignedOn), day(c.RegisteredOn),
			int64(c.Value), int64(c.Transaction), c.Field, w.imp, c.Row)
		if err != nil {
			return fmt.Errorf("contract %s (row %d): %w", c.RegNo, c.Row, err)
		}
		if _, err := w.t.exec(w.ctx, `DELETE FROM tech_contract_deductions WHERE contract_id = ?`, id); err != nil {
			return err
		}
		for _, d := range c.Deductions {
			var qty, unit, allow any
			if d.Quantity > 0 {
				qty, unit = d.Quantity, int64(d.UnitPrice)
			}
			if d.CarrierAllowance > 0 {
				allow = d.CarrierAllowance
			}
			if _, err := w.t.exec(w.ctx, `INSERT INTO tech_contract_deductions (system_id, contract_id, item, quantity, unit_fen, carrier_allowance, amount_fen, deducted_fen)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.sys, id, d.Item, qty, unit, allow, int64(d.Amount), int64(d.Deducted())); err != nil {
				return err
			}
		}
	}
	for _, l := range b.Loans {
		pledged := ""
		for i, p := range l.PledgedIP {
			if i > 0 {
				pledged += "\n"
			}
			pledged += p
		}
		if _, err := w.upsert(`SELECT id FROM ip_loans WHERE system_id = ? AND loan_no = ?`, []any{w.sys, l.LoanNo},
			`INSERT INTO ip_loans (system_id, loan_no, kind, borrower_name, borrower_uscc, borrower_node_id, bank, amount_fen, granted_on, due_on,
				credit_grade, pledged_ip, repaid_fen, repaid_on, overdue_fen, overdue_on, import_id, row_no)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system_id, loan_no) DO UPDATE SET kind = excluded.kind, borrower_name = excluded.borrower_name,
				borrower_uscc = excluded.borrower_uscc, borrower_node_id = excluded.borrower_node_id, bank = excluded.bank,
				amount_fen = excluded.amount_fen, granted_on = excluded.granted_on, due_on = excluded.due_on, credit_grade = excluded.credit_grade,
				pledged_ip = excluded.pledged_ip, repaid_fen = excluded.repaid_fen, repaid_on = excluded.repaid_on,
				overdue_fen = excluded.overdue_fen, overdue_on = excluded.overdue_on, import_id = excluded.import_id, row_no = excluded.row_no
			RETURNING id`,
			w.sys, l.LoanNo, string(l.Kind), l.Borrower.Name, l.Borrower.USCC, w.node(l.Borrower.Node), l.Bank, int64(l.Amount),
			day(l.GrantedOn), day(l.DueOn), string(l.Grade), pledged, int64(l.Repaid), dayPtr(l.RepaidOn), int64(l.Overdue), dayPtr(l.OverdueOn), w.imp, l.Row); err != nil {
			return fmt.Errorf("loan %s (row %d): %w", l.LoanNo, l.Row, err)
		}
	}
	for _, c := range b.Carriers {
		var site, inc any
		if c.SiteM2 != nil {
			site = c.SiteM2.String()
		}
		if c.IncubationM2 != nil {
			inc = c.IncubationM2.String()
		}
		var legal any
		if c.LegalPerson != nil {
			legal = *c.LegalPerson
		}
		if _, err := w.upsert(`SELECT id FROM incubation_carriers WHERE system_id = ? AND name = ?`, []any{w.sys, c.Name},
			`INSERT INTO incubation_carriers (system_id, name, kind, level, recognitions, recognised_on, operator_uscc, node_id, independent_legal_person,
				operating_since, stats_years, site_m2, incubation_m2, seed_fund_fen, fund_cases, staff, professional_staff, mentors, specialised_field, import_id, row_no)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system_id, name) DO UPDATE SET kind = excluded.kind, level = excluded.level, recognitions = excluded.recognitions,
				recognised_on = excluded.recognised_on, operator_uscc = excluded.operator_uscc, node_id = excluded.node_id,
				independent_legal_person = excluded.independent_legal_person, operating_since = excluded.operating_since,
				stats_years = excluded.stats_years, site_m2 = excluded.site_m2, incubation_m2 = excluded.incubation_m2,
				seed_fund_fen = excluded.seed_fund_fen, fund_cases = excluded.fund_cases, staff = excluded.staff,
				professional_staff = excluded.professional_staff, mentors = excluded.mentors, specialised_field = excluded.specialised_field,
				import_id = excluded.import_id, row_no = excluded.row_no
			RETURNING id`,
			w.sys, c.Name, string(c.Kind), string(c.Level), c.Recognitions, dayPtr(c.RecognisedOn), c.OperatorUSCC, w.node(c.Node), legal,
			dayPtr(c.OperatingFrom), intPtr(c.StatsYears), site, inc, fenPtr(c.SeedFund), intPtr(c.FundCases), intPtr(c.Staff),
			intPtr(c.Professional), intPtr(c.Mentors), c.SpecialisedField, w.imp, c.Row); err != nil {
			return fmt.Errorf("carrier %s (row %d): %w", c.Name, c.Row, err)
		}
	}
	for _, f := range b.Firms {
		var carrier int64
		err := w.t.queryRow(w.ctx, `SELECT id FROM incubation_carriers WHERE system_id = ? AND name = ?`, w.sys, f.Carrier).Scan(&carrier)
		if errors.Is(err, sql.ErrNoRows) {
			return &LedgerRefError{ledger.FirmSchema.Name, f.Row, "孵化载体", f.Carrier, "no carrier of this name in the file or the ledger: add it to the 孵化载体 sheet"}
		} else if err != nil {
			return err
		}
		if _, err := w.upsert(`SELECT id FROM incubated_firms WHERE carrier_id = ? AND firm_name = ? AND entered_on = ?`, []any{carrier, f.Name, day(f.EnteredOn)},
			`INSERT INTO incubated_firms (system_id, carrier_id, firm_name, uscc, founded_on, entered_on, graduated_on, left_on, industry, long_cycle,
				patent_applied, holds_ip, financed, import_id, row_no)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (carrier_id, firm_name, entered_on) DO UPDATE SET uscc = excluded.uscc, founded_on = excluded.founded_on,
				graduated_on = excluded.graduated_on, left_on = excluded.left_on, industry = excluded.industry, long_cycle = excluded.long_cycle,
				patent_applied = excluded.patent_applied, holds_ip = excluded.holds_ip, financed = excluded.financed,
				import_id = excluded.import_id, row_no = excluded.row_no
			RETURNING id`,
			w.sys, carrier, f.Name, f.USCC, day(f.FoundedOn), day(f.EnteredOn), dayPtr(f.GraduatedOn), dayPtr(f.LeftOn), f.Industry, f.LongCycle,
			boolPtr(f.PatentApplied), boolPtr(f.HoldsIP), boolPtr(f.Financed), w.imp, f.Row); err != nil {
			return fmt.Errorf("incubated firm %s (row %d): %w", f.Name, f.Row, err)
		}
	}
	for _, tm := range b.Teams {
		if _, err := w.upsert(`SELECT id FROM talent_teams WHERE system_id = ? AND name = ?`, []any{w.sys, tm.Name},
			`INSERT INTO talent_teams (system_id, name, leader, host_org, host_uscc, node_id, introduced_on, field, import_id, row_no)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system_id, name) DO UPDATE SET leader = excluded.leader, host_org = excluded.host_org, host_uscc = excluded.host_uscc,
				node_id = excluded.node_id, introduced_on = excluded.introduced_on, field = excluded.field, import_id = excluded.import_id, row_no = excluded.row_no
			RETURNING id`,
			w.sys, tm.Name, tm.Leader, tm.HostOrg, tm.HostUSCC, w.node(tm.Node), day(tm.IntroducedOn), tm.Field, w.imp, tm.Row); err != nil {
			return fmt.Errorf("team %s (row %d): %w", tm.Name, tm.Row, err)
		}
	}
	teamID := func(name string) (any, error) {
		if name == "" {
			return nil, nil
		}
		var id int64
		err := w.t.queryRow(w.ctx, `SELECT id FROM talent_teams WHERE system_id = ? AND name = ?`, w.sys, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, sql.ErrNoRows
		}
		return id, err
	}
	for _, p := range b.People {
		team, err := teamID(p.Team)
		if errors.Is(err, sql.ErrNoRows) {
			return &LedgerRefError{ledger.PersonSchema.Name, p.Row, "所属团队", p.Team, "no team of this name in the file or the ledger: add it to the 人才团队 sheet"}
		} else if err != nil {
			return err
		}
		if _, err := w.upsert(`SELECT id FROM talent_people WHERE system_id = ? AND id_number = ?`, []any{w.sys, p.IDNumber},
			`INSERT INTO talent_people (system_id, name, id_number, phone, team_id, host_org, node_id, introduced_on, education, title, field, import_id, row_no)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system_id, id_number) DO UPDATE SET name = excluded.name, phone = excluded.phone, team_id = excluded.team_id,
				host_org = excluded.host_org, node_id = excluded.node_id, introduced_on = excluded.introduced_on, education = excluded.education,
				title = excluded.title, field = excluded.field, import_id = excluded.import_id, row_no = excluded.row_no
			RETURNING id`,
			w.sys, p.Name, p.IDNumber, p.Phone, team, p.HostOrg, w.node(p.Node), day(p.IntroducedOn), p.Education, p.Title, p.Field, w.imp, p.Row); err != nil {
			return fmt.Errorf("person at row %d: %w", p.Row, err)
		}
	}
	for _, a := range b.Awards {
		var person, team any
		if a.PersonID != "" {
			var id int64
			err := w.t.queryRow(w.ctx, `SELECT id FROM talent_people WHERE system_id = ? AND id_number = ?`, w.sys, a.PersonID).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return &LedgerRefError{ledger.AwardSchema.Name, a.Row, "入选人证件号码", ledger.MaskID(a.PersonID), "no person with this identity number in the file or the ledger: add them to the 人才 sheet"}
			} else if err != nil {
				return err
			}
			person = id
		} else {
			var err error
			if team, err = teamID(a.Team); errors.Is(err, sql.ErrNoRows) {
				return &LedgerRefError{ledger.AwardSchema.Name, a.Row, "入选团队", a.Team, "no team of this name in the file or the ledger: add it to the 人才团队 sheet"}
			} else if err != nil {
				return err
			}
		}
		var n int
		if err := w.t.queryRow(w.ctx, `SELECT COUNT(*) FROM talent_awards WHERE programme = ? AND category = ? AND year = ?
			AND COALESCE(person_id, 0) = COALESCE(?, 0) AND COALESCE(team_id, 0) = COALESCE(?, 0)`, a.Programme, a.Category, a.Year, person, team).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			w.sum.Updated++
			continue
		}
		if _, err := w.t.exec(w.ctx, `INSERT INTO talent_awards (system_id, programme, category, year, person_id, team_id, import_id, row_no)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.sys, a.Programme, a.Category, a.Year, person, team, w.imp, a.Row); err != nil {
			return fmt.Errorf("award at row %d: %w", a.Row, err)
		}
		w.sum.Added++
	}
	return nil
}

func boolPtr(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
