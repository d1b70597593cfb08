package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kechuang/kechuang/internal/match"
)

// Feedback statuses and decline reasons.
const (
	FeedbackContacted = "contacted"
	FeedbackDeclined  = "declined"
	FeedbackAgreed    = "agreed"
)

// DeclineReasons are the reason codes of a declined recommendation with
// their labels.
var DeclineReasons = map[string]string{
	"too_early":       "成果太早期",
	"benefit_unclear": "效益不明确",
	"price":           "价格不合适",
	"not_our_field":   "不属本企业领域",
	"other":           "其他",
}

// Feedback is one event of staff feedback on a recommendation.
type Feedback struct {
	ID            int64
	DemandID      int64
	AchievementID int64
	Status        string
	Reason        string // declined only
	Note          string
	OnDay         string // YYYY-MM-DD
}

// RecordRecommendations keeps the recommendations shown for a demand; a
// pair recommended before keeps its first day, rank and score.
func (s *Store) RecordRecommendations(ctx context.Context, systemID, demandID int64, recs []match.Recommendation, day string) error {
	return s.tx(ctx, func(t *txn) error {
		for i, r := range recs {
			if _, err := t.exec(ctx, `INSERT INTO match_recommendations (system_id, demand_id, achievement_id, rank, score, recommended_on)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (demand_id, achievement_id) DO NOTHING`,
				systemID, demandID, r.Achievement.ID, i+1, fmt.Sprintf("%.1f", r.Score), day); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddFeedback records feedback on a pair; the pair need not have been
// recommended (staff may have found it themselves). Status and reason are
// checked: a decline needs a known reason.
func (s *Store) AddFeedback(ctx context.Context, systemID int64, f Feedback, now time.Time) error {
	switch f.Status {
	case FeedbackContacted, FeedbackAgreed:
		f.Reason = ""
	case FeedbackDeclined:
		if _, ok := DeclineReasons[f.Reason]; !ok {
			return fmt.Errorf("decline reason %q is not one of too_early, benefit_unclear, price, not_our_field, other", f.Reason)
		}
	default:
		return fmt.Errorf("feedback %q is not contacted, declined or agreed", f.Status)
	}
	if _, err := time.Parse(time.DateOnly, f.OnDay); err != nil {
		return fmt.Errorf("feedback day %q is not YYYY-MM-DD", f.OnDay)
	}
	return s.tx(ctx, func(t *txn) error {
		var n int
		if err := t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM match_demands WHERE id = ? AND system_id = ?) + (SELECT COUNT(*) FROM match_achievements WHERE id = ? AND system_id = ?)`,
			f.DemandID, systemID, f.AchievementID, systemID).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			return fmt.Errorf("demand %d or achievement %d: %w", f.DemandID, f.AchievementID, ErrNotFound)
		}
		_, err := t.exec(ctx, `INSERT INTO match_feedback (system_id, demand_id, achievement_id, status, reason, note, on_day, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			systemID, f.DemandID, f.AchievementID, f.Status, f.Reason, f.Note, f.OnDay, now.UTC().Format(timeLayout))
		return err
	})
}

// PairState is where a demand–achievement pair stands: the latest feedback
// and the linked contracts.
type PairState struct {
	Latest    *Feedback
	Contracts []string // registration numbers
}

// PairStates returns the state of every pair of a demand (by achievement
// id), or of an achievement (by demand id) when byDemand is false.
func (s *Store) PairStates(ctx context.Context, id int64, ofDemand bool) (map[int64]*PairState, error) {
	col, other := "demand_id", "achievement_id"
	if !ofDemand {
		col, other = "achievement_id", "demand_id"
	}
	out := map[int64]*PairState{}
	get := func(k int64) *PairState {
		if out[k] == nil {
			out[k] = &PairState{}
		}
		return out[k]
	}
	rows, err := s.query(ctx, `SELECT id, demand_id, achievement_id, status, reason, note, on_day, `+other+` FROM match_feedback WHERE `+col+` = ? ORDER BY on_day, id`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var f Feedback
		var k int64
		if err := rows.Scan(&f.ID, &f.DemandID, &f.AchievementID, &f.Status, &f.Reason, &f.Note, &f.OnDay, &k); err != nil {
			rows.Close()
			return nil, err
		}
		get(k).Latest = &f
	}
	rows.Close()
	rows, err = s.query(ctx, `SELECT registration_no, `+other+` FROM match_contracts WHERE `+col+` = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		var k int64
		if err := rows.Scan(&no, &k); err != nil {
			return nil, err
		}
		get(k).Contracts = append(get(k).Contracts, no)
	}
	return out, rows.Err()
}

// LinkContract links an agreed pair to the technology contract it led to,
// by the contract's registration number (登记编号). The pair's latest
// feedback must be agreed; a registration number links once.
func (s *Store) LinkContract(ctx context.Context, systemID, demandID, achievementID int64, registrationNo, day string) error {
	if registrationNo == "" {
		return fmt.Errorf("registration number (登记编号) is empty")
	}
	return s.tx(ctx, func(t *txn) error {
		var status string
		err := t.queryRow(ctx, `SELECT status FROM match_feedback WHERE demand_id = ? AND achievement_id = ? ORDER BY on_day DESC, id DESC LIMIT 1`, demandID, achievementID).Scan(&status)
		if err != nil || status != FeedbackAgreed {
			return fmt.Errorf("demand %d and achievement %d have not agreed (latest feedback %q): mark the match agreed first", demandID, achievementID, status)
		}
		_, err = t.exec(ctx, `INSERT INTO match_contracts (system_id, demand_id, achievement_id, registration_no, linked_on) VALUES (?, ?, ?, ?, ?)`,
			systemID, demandID, achievementID, registrationNo, day)
		if isUniqueViolation(err) {
			return fmt.Errorf("contract %s is already linked to a match", registrationNo)
		}
		return err
	})
}

// Funnel is the matching funnel of a period: each stage counted by the
// day it happened in the period.
type Funnel struct {
	Demands         int      // demands posted (created_on in the period)
	Recommended     int      // demands that got recommendations first shown in the period
	Recommendations int      // pairs first recommended in the period
	Contacted       int      // pairs first marked contacted in the period
	Declined        int      // pairs first marked declined in the period
	Agreed          int      // pairs first marked agreed in the period
	Contracts       int      // contracts linked in the period
	RegistrationNos []string // their registration numbers, for the ledger's values
}

// MatchFunnel counts the funnel of a system between two days (inclusive,
// YYYY-MM-DD).
func (s *Store) MatchFunnel(ctx context.Context, systemID int64, from, to string) (Funnel, error) {
	var f Funnel
	err := s.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM match_demands WHERE system_id = ? AND created_on BETWEEN ? AND ?),
		(SELECT COUNT(DISTINCT demand_id) FROM match_recommendations WHERE system_id = ? AND recommended_on BETWEEN ? AND ?),
		(SELECT COUNT(*) FROM match_recommendations WHERE system_id = ? AND recommended_on BETWEEN ? AND ?)`,
		systemID, from, to, systemID, from, to, systemID, from, to).Scan(&f.Demands, &f.Recommended, &f.Recommendations)
	if err != nil {
		return f, err
	}
	rows, err := s.query(ctx, `SELECT status, COUNT(*) FROM (SELECT demand_id, achievement_id, status, MIN(on_day) AS first_day FROM match_feedback
		WHERE system_id = ? GROUP BY demand_id, achievement_id, status) x WHERE first_day BETWEEN ? AND ? GROUP BY status`, systemID, from, to)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return f, err
		}
		switch st {
		case FeedbackContacted:
			f.Contacted = n
		case FeedbackDeclined:
			f.Declined = n
		case FeedbackAgreed:
			f.Agreed = n
		}
	}
	rows.Close()
	rows, err = s.query(ctx, `SELECT registration_no FROM match_contracts WHERE system_id = ? AND linked_on BETWEEN ? AND ? ORDER BY registration_no`, systemID, from, to)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return f, err
		}
		f.RegistrationNos = append(f.RegistrationNos, no)
	}
	f.Contracts = len(f.RegistrationNos)
	return f, rows.Err()
}

// StatusLabel is the feedback status in Chinese.
func (f Feedback) StatusLabel() string {
	return map[string]string{FeedbackContacted: "已联系", FeedbackDeclined: "已谢绝", FeedbackAgreed: "达成意向"}[f.Status]
}

// ReasonLabel is the decline reason in Chinese.
func (f Feedback) ReasonLabel() string { return DeclineReasons[f.Reason] }
