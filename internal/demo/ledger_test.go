package demo

import (
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/ledger"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
)

// The demo ledgers' aggregates equal the article's figures exactly, and
// every record passes the ledger's own checks.
func TestLedgersReproduceTheArticle(t *testing.T) {
	nodes := []model.Node{{Code: "fuling"}, {Code: "baitao", ParentCode: "fuling"}, {Code: "huigu-lake", ParentCode: "fuling"}}
	books := Ledgers(1, []string{"baitao", "huigu-lake"})
	asOf := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	published := []period.Period{period.MustParse("2022-10-01"), period.MustParse("2022Q1-Q3"), period.MustParse("2022-09-30")}
	got := map[string]string{}
	for _, k := range ledger.Kinds {
		for _, f := range ledger.Figures(k, books[k], nodes, asOf, published) {
			if f.Node == "fuling" {
				got[f.Indicator+" "+f.Period.String()] = f.Value.String()
			}
		}
	}
	for key, want := range map[string]string{
		"tech_contracts_registered 2022Q1-Q3":        "51",
		"tech_contract_turnover 2022Q1-Q3":           "500000000",
		"tech_transaction_value 2022Q1-Q3":           "70102000",
		"ip_value_loan_firms 2022":                   "33",
		"ip_value_loan_amount 2022":                  "61000000",
		"ip_value_loan_amount_cumulative 2022-09-30": "326000000",
		"ip_value_loan_amount_cumulative 2022-10-01": "326000000",
		"national_incubators 2022-10-01":             "1",
		"maker_spaces 2022-10-01":                    "3",
		"municipal_ie_carriers 2022-10-01":           "14",
		"incubated_enterprises 2022-10-01":           "312",
		"innovation_teams_introduced 2022":           "38",
		"innovation_talents_introduced 2022":         "380",
		"cq_talent_entrepreneur_leaders 2022":        "1",
		"cq_talent_demo_teams 2022":                  "5",
		"tech_contracts_registered 2022":             "51",
		"ip_pledge_loan_firms 2022":                  "3",
	} {
		if got[key] != want {
			t.Errorf("%s = %q, want %s", key, got[key], want)
		}
	}
	var probs []ledger.Problem
	for _, c := range books[ledger.Contracts].Contracts {
		probs = append(probs, c.Validate()...)
		if c.Transaction != c.Value-c.Deducted() || len(c.Deductions) == 0 {
			t.Errorf("contract %s: transaction %s, value %s, deducted %s", c.RegNo, c.Transaction, c.Value, c.Deducted())
		}
	}
	for _, l := range books[ledger.Loans].Loans {
		probs = append(probs, l.Validate()...)
	}
	for _, c := range books[ledger.Incubation].Carriers {
		probs = append(probs, c.Validate()...)
	}
	for _, f := range books[ledger.Incubation].Firms {
		probs = append(probs, f.Validate()...)
	}
	for _, p := range books[ledger.Talent].People {
		probs = append(probs, p.Validate()...)
	}
	for _, a := range books[ledger.Talent].Awards {
		probs = append(probs, a.Validate()...)
	}
	if len(probs) > 0 {
		t.Errorf("demo records fail their checks: %v", probs[:min(5, len(probs))])
	}
}
