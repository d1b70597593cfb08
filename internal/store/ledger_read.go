package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kechuang/kechuang/internal/ledger"
)

// LedgerBooks returns the records of a ledger of a system (nodes as codes),
// in key order: contracts by 登记日期, loans by 放款日期, carriers and their
// stays, teams, people and awards. Personal data (identity numbers, phones)
// is included: callers keep it off list and public pages.
func (s *Store) LedgerBooks(ctx context.Context, systemID int64, k ledger.Kind) (ledger.Books, error) {
	var b ledger.Books
	var err error
	switch k {
	case ledger.Contracts:
		b.Contracts, err = s.contracts(ctx, systemID)
	case ledger.Loans:
		b.Loans, err = s.loans(ctx, systemID)
	case ledger.Incubation:
		if b.Carriers, err = s.carriers(ctx, systemID); err == nil {
			b.Firms, err = s.incubatedFirms(ctx, systemID)
		}
	case ledger.Talent:
		if b.Teams, err = s.teams(ctx, systemID); err == nil {
			if b.People, err = s.people(ctx, systemID); err == nil {
				b.Awards, err = s.awards(ctx, systemID)
			}
		}
	default:
		err = fmt.Errorf("no ledger %q", k)
	}
	return b, err
}

func parseDay(s string) (time.Time, error) { return time.Parse(dateLayout, s) }

func parseDayPtr(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := parseDay(s.String)
	return &t, err
}

func (s *Store) contracts(ctx context.Context, systemID int64) ([]ledger.Contract, error) {
	rows, err := s.query(ctx, `SELECT c.id, c.reg_no, c.name, c.kind, c.seller_name, c.seller_uscc, c.seller_in_district, c.seller_region, COALESCE(sn.code, ''),
		c.buyer_name, c.buyer_uscc, c.buyer_in_district, c.buyer_region, COALESCE(bn.code, ''), c.signed_on, c.registered_on,
		c.contract_fen, c.transaction_fen, c.field, c.row_no
		FROM tech_contracts c LEFT JOIN nodes sn ON sn.id = c.seller_node_id LEFT JOIN nodes bn ON bn.id = c.buyer_node_id
		WHERE c.system_id = ? ORDER BY c.registered_on, c.reg_no`, systemID)
	if err != nil {
		return nil, err
	}
	var out []ledger.Contract
	byID := map[int64]int{}
	for rows.Next() {
		var c ledger.Contract
		var kind, signed, registered string
		var value, tx int64
		if err := rows.Scan(&c.ID, &c.RegNo, &c.Name, &kind, &c.Seller.Name, &c.Seller.USCC, &c.Seller.InDistrict, &c.Seller.Region, &c.Seller.Node,
			&c.Buyer.Name, &c.Buyer.USCC, &c.Buyer.InDistrict, &c.Buyer.Region, &c.Buyer.Node, &signed, &registered, &value, &tx, &c.Field, &c.Row); err != nil {
			rows.Close()
			return nil, err
		}
		c.Kind, c.Value, c.Transaction = ledger.ContractKind(kind), ledger.Fen(value), ledger.Fen(tx)
		if c.SignedOn, err = parseDay(signed); err == nil {
			c.RegisteredOn, err = parseDay(registered)
		}
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("contract %s: %w", c.RegNo, err)
		}
		byID[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	dr, err := s.query(ctx, `SELECT d.contract_id, d.item, d.quantity, d.unit_fen, d.carrier_allowance, d.amount_fen
		FROM tech_contract_deductions d JOIN tech_contracts c ON c.id = d.contract_id WHERE c.system_id = ? ORDER BY d.id`, systemID)
	if err != nil {
		return nil, err
	}
	defer dr.Close()
	for dr.Next() {
		var id, amount int64
		var qty, unit, allow sql.NullInt64
		var d ledger.Deduction
		if err := dr.Scan(&id, &d.Item, &qty, &unit, &allow, &amount); err != nil {
			return nil, err
		}
		d.Quantity, d.UnitPrice, d.CarrierAllowance, d.Amount = int(qty.Int64), ledger.Fen(unit.Int64), int(allow.Int64), ledger.Fen(amount)
		if i, ok := byID[id]; ok {
			out[i].Deductions = append(out[i].Deductions, d)
		}
	}
	return out, dr.Err()
}

func (s *Store) loans(ctx context.Context, systemID int64) ([]ledger.Loan, error) {
	rows, err := s.query(ctx, `SELECT l.id, l.loan_no, l.kind, l.borrower_name, l.borrower_uscc, COALESCE(n.code, ''), l.bank, l.amount_fen,
		l.granted_on, l.due_on, l.credit_grade, l.pledged_ip, l.repaid_fen, l.repaid_on, l.overdue_fen, l.overdue_on, l.row_no
		FROM ip_loans l LEFT JOIN nodes n ON n.id = l.borrower_node_id WHERE l.system_id = ? ORDER BY l.granted_on, l.loan_no`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Loan
	for rows.Next() {
		var l ledger.Loan
		var kind, granted, due, grade, pledged string
		var amount, repaid, overdue int64
		var repaidOn, overdueOn sql.NullString
		if err := rows.Scan(&l.ID, &l.LoanNo, &kind, &l.Borrower.Name, &l.Borrower.USCC, &l.Borrower.Node, &l.Bank, &amount,
			&granted, &due, &grade, &pledged, &repaid, &repaidOn, &overdue, &overdueOn, &l.Row); err != nil {
			return nil, err
		}
		l.Kind, l.Grade, l.Amount, l.Repaid, l.Overdue = ledger.LoanKind(kind), ledger.Grade(grade), ledger.Fen(amount), ledger.Fen(repaid), ledger.Fen(overdue)
		l.Borrower.InDistrict = true
		if pledged != "" {
			l.PledgedIP = strings.Split(pledged, "\n")
		}
		if l.GrantedOn, err = parseDay(granted); err == nil {
			if l.DueOn, err = parseDay(due); err == nil {
				if l.RepaidOn, err = parseDayPtr(repaidOn); err == nil {
					l.OverdueOn, err = parseDayPtr(overdueOn)
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("loan %s: %w", l.LoanNo, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func (s *Store) carriers(ctx context.Context, systemID int64) ([]ledger.Carrier, error) {
	rows, err := s.query(ctx, `SELECT c.id, c.name, c.kind, c.level, c.recognitions, c.recognised_on, c.operator_uscc, COALESCE(n.code, ''),
		c.independent_legal_person, c.operating_since, c.stats_years, c.site_m2, c.incubation_m2, c.seed_fund_fen, c.fund_cases, c.staff,
		c.professional_staff, c.mentors, c.specialised_field, c.row_no
		FROM incubation_carriers c LEFT JOIN nodes n ON n.id = c.node_id WHERE c.system_id = ? ORDER BY c.level, c.kind, c.name`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Carrier
	for rows.Next() {
		var c ledger.Carrier
		var kind, level string
		var recognised, operating, site, inc sql.NullString
		var legal sql.NullBool
		var stats, cases, staff, prof, mentors, fund sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Name, &kind, &level, &c.Recognitions, &recognised, &c.OperatorUSCC, &c.Node, &legal, &operating, &stats,
			&site, &inc, &fund, &cases, &staff, &prof, &mentors, &c.SpecialisedField, &c.Row); err != nil {
			return nil, err
		}
		c.Kind, c.Level = ledger.CarrierKind(kind), ledger.Level(level)
		if legal.Valid {
			c.LegalPerson = &legal.Bool
		}
		if c.RecognisedOn, err = parseDayPtr(recognised); err == nil {
			c.OperatingFrom, err = parseDayPtr(operating)
		}
		if err != nil {
			return nil, fmt.Errorf("carrier %s: %w", c.Name, err)
		}
		c.StatsYears, c.FundCases, c.Staff, c.Professional, c.Mentors = nullInt(stats), nullInt(cases), nullInt(staff), nullInt(prof), nullInt(mentors)
		if fund.Valid {
			f := ledger.Fen(fund.Int64)
			c.SeedFund = &f
		}
		if c.SiteM2, err = parseNullDecimal(site, "site_m2"); err != nil {
			return nil, err
		}
		if c.IncubationM2, err = parseNullDecimal(inc, "incubation_m2"); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func nullBoolPtr(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	v := b.Bool
	return &v
}

func (s *Store) incubatedFirms(ctx context.Context, systemID int64) ([]ledger.IncubatedFirm, error) {
	rows, err := s.query(ctx, `SELECT f.id, c.name, f.firm_name, f.uscc, f.founded_on, f.entered_on, f.graduated_on, f.left_on, f.industry, f.long_cycle,
		f.patent_applied, f.holds_ip, f.financed, f.row_no
		FROM incubated_firms f JOIN incubation_carriers c ON c.id = f.carrier_id WHERE c.system_id = ? ORDER BY c.name, f.entered_on, f.firm_name`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.IncubatedFirm
	for rows.Next() {
		var f ledger.IncubatedFirm
		var founded, entered string
		var grad, left sql.NullString
		var pat, ip, fin sql.NullBool
		if err := rows.Scan(&f.ID, &f.Carrier, &f.Name, &f.USCC, &founded, &entered, &grad, &left, &f.Industry, &f.LongCycle, &pat, &ip, &fin, &f.Row); err != nil {
			return nil, err
		}
		if f.FoundedOn, err = parseDay(founded); err == nil {
			if f.EnteredOn, err = parseDay(entered); err == nil {
				if f.GraduatedOn, err = parseDayPtr(grad); err == nil {
					f.LeftOn, err = parseDayPtr(left)
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("incubated firm %s: %w", f.Name, err)
		}
		f.PatentApplied, f.HoldsIP, f.Financed = nullBoolPtr(pat), nullBoolPtr(ip), nullBoolPtr(fin)
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Store) teams(ctx context.Context, systemID int64) ([]ledger.Team, error) {
	rows, err := s.query(ctx, `SELECT t.id, t.name, t.leader, t.host_org, t.host_uscc, COALESCE(n.code, ''), t.introduced_on, t.field, t.row_no
		FROM talent_teams t LEFT JOIN nodes n ON n.id = t.node_id WHERE t.system_id = ? ORDER BY t.introduced_on, t.name`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Team
	for rows.Next() {
		var t ledger.Team
		var intro string
		if err := rows.Scan(&t.ID, &t.Name, &t.Leader, &t.HostOrg, &t.HostUSCC, &t.Node, &intro, &t.Field, &t.Row); err != nil {
			return nil, err
		}
		if t.IntroducedOn, err = parseDay(intro); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) people(ctx context.Context, systemID int64) ([]ledger.Person, error) {
	rows, err := s.query(ctx, `SELECT p.id, p.name, p.id_number, p.phone, COALESCE(t.name, ''), p.host_org, COALESCE(n.code, ''), p.introduced_on,
		p.education, p.title, p.field, p.row_no
		FROM talent_people p LEFT JOIN talent_teams t ON t.id = p.team_id LEFT JOIN nodes n ON n.id = p.node_id
		WHERE p.system_id = ? ORDER BY p.introduced_on, p.id`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Person
	for rows.Next() {
		var p ledger.Person
		var intro string
		if err := rows.Scan(&p.ID, &p.Name, &p.IDNumber, &p.Phone, &p.Team, &p.HostOrg, &p.Node, &intro, &p.Education, &p.Title, &p.Field, &p.Row); err != nil {
			return nil, err
		}
		if p.IntroducedOn, err = parseDay(intro); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Store) awards(ctx context.Context, systemID int64) ([]ledger.Award, error) {
	rows, err := s.query(ctx, `SELECT a.id, a.programme, a.category, a.year, COALESCE(p.id_number, ''), COALESCE(t.name, ''), COALESCE(p.name, t.name), a.row_no
		FROM talent_awards a LEFT JOIN talent_people p ON p.id = a.person_id LEFT JOIN talent_teams t ON t.id = a.team_id
		WHERE a.system_id = ? ORDER BY a.year, a.programme, a.category, a.id`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Award
	for rows.Next() {
		var a ledger.Award
		if err := rows.Scan(&a.ID, &a.Programme, &a.Category, &a.Year, &a.PersonID, &a.Team, &a.Winner, &a.Row); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
