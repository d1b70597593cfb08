package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/match/matchsheet"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/textseg"
)

// MatchHome is where the system's board is, for proximity: the root node's
// name as district (涪陵区) and 重庆市 for a Chongqing region code (50…).
func MatchHome(v View) match.Home {
	h := match.Home{District: v.Root().Name}
	if strings.HasPrefix(v.System.RegionCode, "50") {
		h.City = "重庆市"
	}
	return h
}

// SaveDemand stores one demand (from a form) with its index entries and
// returns its id.
func (a *App) SaveDemand(ctx context.Context, v View, d match.Demand) (int64, error) {
	if strings.TrimSpace(d.Firm) == "" || strings.TrimSpace(d.Title) == "" {
		return 0, fmt.Errorf("需求企业和需求名称必填")
	}
	if d.CreatedOn == "" {
		d.CreatedOn = a.Now().Format(time.DateOnly)
	}
	ids, err := a.Store.SaveDemands(ctx, v.System.ID, 0, []store.MatchRecord[match.Demand]{{Record: d, Terms: match.Index(textseg.Default(), match.DemandText(d))}})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// SaveAchievement stores one achievement or capability (from a form).
func (a *App) SaveAchievement(ctx context.Context, v View, x match.Achievement) (int64, error) {
	if strings.TrimSpace(x.Owner) == "" || strings.TrimSpace(x.Title) == "" {
		return 0, fmt.Errorf("持有单位和成果名称必填")
	}
	if x.CreatedOn == "" {
		x.CreatedOn = a.Now().Format(time.DateOnly)
	}
	ids, err := a.Store.SaveAchievements(ctx, v.System.ID, 0, []store.MatchRecord[match.Achievement]{{Record: x, Terms: match.Index(textseg.Default(), match.AchievementText(x))}})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// Recommend ranks the system's achievements and capabilities for a demand
// (stored or not: a demand with ID 0 is a free text) and returns the best
// limit, explained. With record, a stored demand's recommendations are kept
// as shown today (the funnel's recommendation stage).
func (a *App) Recommend(ctx context.Context, v View, d match.Demand, limit int, record bool) ([]match.Recommendation, error) {
	tok := textseg.Default()
	q := match.DemandQuery(tok, d)
	lists, n, err := a.Store.MatchLists(ctx, v.System.ID, store.CorpusAchievements, match.Texts(q))
	if err != nil {
		return nil, err
	}
	hits, err := match.TextRank(q, n, lists, match.Candidates, nil)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Doc
	}
	byID, err := a.Store.AchievementsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	recs := match.ForDemand(tok, d, q, hits, byID, MatchHome(v), limit)
	if record && d.ID != 0 && len(recs) > 0 {
		if err := a.Store.RecordRecommendations(ctx, v.System.ID, d.ID, recs, a.Now().Format(time.DateOnly)); err != nil {
			return recs, err
		}
	}
	return recs, nil
}

// FirmFit is a firm of the registry whose industry fits an achievement's
// field: it belongs to a node of that field.
type FirmFit struct {
	Name, USCC string
	Nodes      []string
}

// ReverseMatches returns, for an achievement, the open demands that fit it
// (ranked and explained like recommendations) and the registry firms in
// the nodes of its field.
func (a *App) ReverseMatches(ctx context.Context, v View, x match.Achievement, limit int) ([]match.Recommendation, []FirmFit, error) {
	tok := textseg.Default()
	q := match.Query(tok, match.AchievementText(x))
	lists, n, err := a.Store.MatchLists(ctx, v.System.ID, store.CorpusDemands, match.Texts(q))
	if err != nil {
		return nil, nil, err
	}
	hits, err := match.TextRank(q, n, lists, match.Candidates, nil)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Doc
	}
	byID, err := a.Store.DemandsByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for id, d := range byID {
		if d.Status == "closed" {
			delete(byID, id)
		}
	}
	recs := match.ForAchievement(tok, x, hits, byID, MatchHome(v), limit)
	var firms []FirmFit
	if f, ok := match.ResolveField(x.Field); ok {
		nodes := map[string]bool{}
		for _, c := range f.Nodes {
			nodes[c] = true
		}
		recsF, err := a.Store.FirmRecords(ctx, v.System.ID, a.Now().Format(time.DateOnly), a.Now().Year())
		if err != nil {
			return recs, nil, err
		}
		for _, r := range recsF {
			var in []string
			for _, c := range r.Nodes {
				if nodes[c] {
					if n, ok := v.Node(c); ok {
						in = append(in, n.Name)
					}
				}
			}
			if len(in) > 0 {
				firms = append(firms, FirmFit{Name: r.Name, USCC: r.USCC, Nodes: in})
			}
		}
	}
	return recs, firms, nil
}

// MatchFunnel is the matching funnel of a period for the bulletin: demands
// posted → demands given recommendations (and pairs recommended) → pairs
// contacted → agreed → technology contracts linked, each counted by the day
// it happened within the period (period.Period Start..End), with the
// linked contracts' registration numbers (登记编号) so the contract ledger
// can add their registered transaction values.
func (a *App) MatchFunnel(ctx context.Context, v View, p period.Period) (store.Funnel, error) {
	return a.Store.MatchFunnel(ctx, v.System.ID, p.Start().Format(time.DateOnly), p.End().Format(time.DateOnly))
}

// MatchImportOutcome is the result of LoadMatchFile.
type MatchImportOutcome struct {
	ImportID int64
	Stored   int
	Problems matchsheet.Errors
}

// ErrMatchFileRejected is returned by LoadMatchFile when the file has
// problems (listed in the outcome and in the import job): nothing was
// written.
var ErrMatchFileRejected = errors.New("file rejected; nothing was written")

// ImportKinds are the import-job kinds of matching files.
const (
	ImportDemands      = "match_demands"
	ImportAchievements = "match_achievements"
)

// LoadMatchFile imports a demands or achievements file (xlsx or CSV) as an
// import job, all or nothing: every row is checked first and any problem
// (file, sheet, row, column, value, why) rejects the whole file. Records
// whose code exists are replaced. The outcome is non-nil once the job
// exists.
func (a *App) LoadMatchFile(ctx context.Context, v View, path, name string, kind matchsheet.Kind) (*MatchImportOutcome, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	jobKind := ImportAchievements
	if kind == matchsheet.Demands {
		jobKind = ImportDemands
	}
	id, err := a.Store.StartImport(ctx, v.System.ID, jobKind, name, hex.EncodeToString(sum[:]), a.Now())
	if err != nil {
		return nil, err
	}
	out := &MatchImportOutcome{ImportID: id}
	file, err := matchsheet.Read(path, name, kind, a.Now().Format(time.DateOnly))
	var bad matchsheet.Errors
	switch {
	case errors.As(err, &bad):
		out.Problems = bad
		var rowErrs []store.RowError
		for _, e := range bad {
			rowErrs = append(rowErrs, store.RowError{Sheet: e.Sheet, Row: e.Row, Column: e.Where(), Value: e.Value, Reason: e.Reason})
		}
		if err := a.Store.FinishImport(ctx, id, "rejected", file.Rows, 0, rowErrs, fmt.Sprintf("%d problem(s); nothing written", len(bad)), a.Now()); err != nil {
			return out, err
		}
		return out, fmt.Errorf("%w: %d problem(s)", ErrMatchFileRejected, len(bad))
	case err != nil:
		a.Store.FinishImport(context.WithoutCancel(ctx), id, "failed", 0, 0, nil, err.Error(), a.Now())
		return out, err
	}
	tok := textseg.Default()
	switch kind {
	case matchsheet.Demands:
		recs := make([]store.MatchRecord[match.Demand], len(file.Demands))
		for i, d := range file.Demands {
			recs[i] = store.MatchRecord[match.Demand]{Record: d, Terms: match.Index(tok, match.DemandText(d))}
		}
		_, err = a.Store.SaveDemands(ctx, v.System.ID, id, recs)
		out.Stored = len(recs)
	default:
		recs := make([]store.MatchRecord[match.Achievement], len(file.Achievements))
		for i, x := range file.Achievements {
			recs[i] = store.MatchRecord[match.Achievement]{Record: x, Terms: match.Index(tok, match.AchievementText(x))}
		}
		_, err = a.Store.SaveAchievements(ctx, v.System.ID, id, recs)
		out.Stored = len(recs)
	}
	if err != nil {
		out.Stored = 0
		a.Store.FinishImport(context.WithoutCancel(ctx), id, "rejected", file.Rows, 0, nil, err.Error(), a.Now())
		return out, fmt.Errorf("%w: %v", ErrMatchFileRejected, err)
	}
	return out, a.Store.FinishImport(ctx, id, "done", file.Rows, out.Stored, nil, fmt.Sprintf("%s %d 条", kind.Label(), out.Stored), a.Now())
}
