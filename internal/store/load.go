package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/model"
)

// LoadSummary counts what a load wrote.
type LoadSummary struct {
	System        string
	Nodes         int
	NodesRemoved  int
	Indicators    int
	Sources       int
	Organisations int
	Observations  int
	Targets       int
}

func (s LoadSummary) String() string {
	return fmt.Sprintf("system %s: %d nodes (%d removed), %d indicators, %d sources, %d organisations, %d observations, %d targets",
		s.System, s.Nodes, s.NodesRemoved, s.Indicators, s.Sources, s.Organisations, s.Observations, s.Targets)
}

// LoadDataset writes a checked dataset in one transaction. Sources,
// indicators, the system, its nodes and organisations are upserted by code;
// the observations and targets previously loaded from the dataset's sources
// are replaced, so loading the same dataset twice changes nothing. Nodes no
// longer in the structure are removed unless something still refers to them,
// which is an error naming them. On any error nothing is written.
func (s *Store) LoadDataset(ctx context.Context, ds *dataset.Dataset) (LoadSummary, error) {
	sum := LoadSummary{System: ds.Structure.System.Code}
	err := s.tx(ctx, func(t *txn) error {
		srcIDs := map[string]int64{}
		for _, src := range ds.Sources {
			id, err := t.insertID(ctx, `INSERT INTO sources (code, title, publisher, published, url, note, body)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
					published = excluded.published, url = excluded.url, note = excluded.note, body = excluded.body
				RETURNING id`, src.Code, src.Title, src.Publisher, src.Published, src.URL, src.Note, src.Body)
			if err != nil {
				return fmt.Errorf("store source %s: %w", src.Code, err)
			}
			srcIDs[src.Code] = id
		}
		sum.Sources = len(ds.Sources)
		indIDs, err := t.upsertIndicators(ctx, ds.Indicators)
		if err != nil {
			return err
		}
		sum.Indicators = len(ds.Indicators)
		sysID, nodeIDs, removed, err := t.loadStructure(ctx, ds.Structure, srcIDs, func(sysID int64) error {
			// Figures from these sources are replaced; do it before nodes
			// can be removed, so the old rows do not pin them.
			for _, id := range srcIDs {
				for _, table := range []string{"observations", "targets"} {
					if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE system_id = ? AND source_id = ?`, sysID, id); err != nil {
						return fmt.Errorf("replace %s: %w", table, err)
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		sum.Nodes, sum.NodesRemoved = len(nodeIDs), removed
		orgIDs := map[string]int64{}
		for _, o := range ds.Organisations {
			id, err := t.insertID(ctx, `INSERT INTO organisations (system_id, code, name, kind, in_district, description, source_id, quote)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (system_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
					in_district = excluded.in_district, description = excluded.description,
					source_id = excluded.source_id, quote = excluded.quote
				RETURNING id`, sysID, o.Code, o.Name, string(o.Kind), o.InDistrict, o.Description, nullID(srcIDs[o.SourceCode]), o.Quote)
			if err != nil {
				return fmt.Errorf("store organisation %s: %w", o.Code, err)
			}
			orgIDs[o.Code] = id
			for _, table := range []string{"memberships", "recognitions"} {
				if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE org_id = ?`, id); err != nil {
					return err
				}
			}
			for _, m := range o.Memberships {
				if _, err := t.exec(ctx, `INSERT INTO memberships (system_id, org_id, node_id, valid_from, valid_to, as_of, source_id, quote)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sysID, id, nodeIDs[m.NodeCode], nullString(m.From), nullString(m.To), nullString(m.AsOf),
					nullID(srcIDs[m.SourceCode]), m.Quote); err != nil {
					return fmt.Errorf("store membership of %s: %w", o.Code, err)
				}
			}
			for _, r := range o.Recognitions {
				if _, err := t.exec(ctx, `INSERT INTO recognitions (system_id, org_id, name, level, granted, valid_until, certificate_no, source_id, quote)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sysID, id, r.Name, r.Level, r.Granted, r.ValidUntil, r.CertificateNo,
					nullID(srcIDs[r.SourceCode]), r.Quote); err != nil {
					return fmt.Errorf("store recognition of %s: %w", o.Code, err)
				}
			}
		}
		sum.Organisations = len(ds.Organisations)
		scopeIDs := func(sc model.Scope) (any, any) {
			if sc.NodeCode != "" {
				return nodeIDs[sc.NodeCode], nil
			}
			return nil, orgIDs[sc.OrgCode]
		}
		for _, o := range ds.Observations {
			nodeID, orgID := scopeIDs(o.Scope)
			if err := t.insertObservation(ctx, sysID, nodeID, orgID, indIDs[o.Indicator.Code], srcIDs[o.SourceCode], o); err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("observations.csv row %d: the database already holds %s of %s for %s from another source; one figure per scope, indicator and period — resolve the conflict in one of the datasets",
						o.Line, o.Indicator.Code, o.Scope.Code(), o.Period)
				}
				return fmt.Errorf("store observation (row %d): %w", o.Line, err)
			}
		}
		sum.Observations = len(ds.Observations)
		for _, tg := range ds.Targets {
			nodeID, orgID := scopeIDs(tg.Scope)
			var planStart, basePeriod any
			if tg.PlanStart != nil {
				planStart = tg.PlanStart.Format(dateLayout)
			}
			if tg.BaselinePeriod != nil {
				basePeriod = tg.BaselinePeriod.String()
			}
			if _, err := t.exec(ctx, `INSERT INTO targets (system_id, node_id, org_id, indicator_id, target_year, horizon, verb, value, value_written,
					qualifier, plan_start, baseline_period, baseline_value, source_id, quote, note)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sysID, nodeID, orgID, indIDs[tg.Indicator.Code], tg.Year, tg.Horizon, tg.Verb, tg.Value.String(), tg.ValueWritten,
				tg.Qualifier, planStart, basePeriod, nullDecimal(tg.Baseline), nullID(srcIDs[tg.SourceCode]), tg.Quote, tg.Note); err != nil {
				return fmt.Errorf("store target (row %d): %w", tg.Line, err)
			}
		}
		sum.Targets = len(ds.Targets)
		return nil
	})
	return sum, err
}

// insertObservation writes one observation; nodeID or orgID is set (the
// other nil).
func (t *txn) insertObservation(ctx context.Context, sysID int64, nodeID, orgID any, indID, srcID int64, o model.Observation) error {
	_, err := t.exec(ctx, `INSERT INTO observations (system_id, node_id, org_id, indicator_id, period, period_start, period_end,
			value, value_written, qualifier, yoy, pp_change, status, source_id, quote, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sysID, nodeID, orgID, indID, o.Period.String(), o.Period.Start().Format(dateLayout), o.Period.End().Format(dateLayout),
		o.Value.String(), o.ValueWritten, o.Qualifier, nullDecimal(o.YoY), nullDecimal(o.PPChange), string(o.Status), nullID(srcID), o.Quote, o.Note)
	return err
}

// UpsertIndicators adds or updates catalogue entries by code, in one
// transaction.
func (s *Store) UpsertIndicators(ctx context.Context, inds []model.Indicator) error {
	return s.tx(ctx, func(t *txn) error {
		_, err := t.upsertIndicators(ctx, inds)
		return err
	})
}

func (t *txn) upsertIndicators(ctx context.Context, inds []model.Indicator) (map[string]int64, error) {
	ids := map[string]int64{}
	for _, ind := range inds {
		id, err := t.insertID(ctx, `INSERT INTO indicators (code, name_zh, name_en, unit, kind, display_precision, counter, definition, aliases)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, unit = excluded.unit,
				kind = excluded.kind, display_precision = excluded.display_precision, counter = excluded.counter,
				definition = excluded.definition, aliases = excluded.aliases
			RETURNING id`, ind.Code, ind.NameZh, ind.NameEn, string(ind.Unit), string(ind.Kind), ind.Precision, ind.Counter, ind.Definition,
			strings.Join(ind.Aliases, "|"))
		if err != nil {
			return nil, fmt.Errorf("store indicator %s: %w", ind.Code, err)
		}
		ids[ind.Code] = id
	}
	return ids, nil
}

// LoadStructure writes a system's structure alone (`kechuang system load`),
// in one transaction: the system and its nodes are upserted by code, nodes
// missing from the file are removed, and removing a node that observations,
// targets or memberships still refer to is an error naming the node.
func (s *Store) LoadStructure(ctx context.Context, st *dataset.Structure) (LoadSummary, error) {
	sum := LoadSummary{System: st.System.Code}
	err := s.tx(ctx, func(t *txn) error {
		srcIDs := map[string]int64{}
		rows, err := t.QueryContext(ctx, `SELECT code, id FROM sources`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code string
			var id int64
			if err := rows.Scan(&code, &id); err != nil {
				rows.Close()
				return err
			}
			srcIDs[code] = id
		}
		rows.Close()
		_, nodeIDs, removed, err := t.loadStructure(ctx, st, srcIDs, nil)
		sum.Nodes, sum.NodesRemoved = len(nodeIDs), removed
		return err
	})
	return sum, err
}

const dateLayout = "2006-01-02"

// loadStructure upserts the system and its nodes and removes the nodes that
// are gone. beforeRemoval, when set, runs after the system row exists and
// before nodes are removed.
func (t *txn) loadStructure(ctx context.Context, st *dataset.Structure, srcIDs map[string]int64, beforeRemoval func(sysID int64) error) (int64, map[string]int64, int, error) {
	sys := st.System
	sysID, err := t.insertID(ctx, `INSERT INTO systems (code, name, short_name, region_code, region_name, source_id, quote)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
			region_code = excluded.region_code, region_name = excluded.region_name,
			source_id = excluded.source_id, quote = excluded.quote
		RETURNING id`, sys.Code, sys.Name, sys.ShortName, sys.RegionCode, sys.RegionName, nullID(srcIDs[sys.SourceCode]), sys.Quote)
	if err != nil {
		return 0, nil, 0, fmt.Errorf("store system %s: %w", sys.Code, err)
	}
	if beforeRemoval != nil {
		if err := beforeRemoval(sysID); err != nil {
			return 0, nil, 0, err
		}
	}
	ids := map[string]int64{}
	for _, n := range st.Nodes { // parents come before children
		id, err := t.insertID(ctx, `INSERT INTO nodes (system_id, code, parent_id, kind, name, name_en, full_name, label, aliases, role, numeral,
				level, description, source_id, quote, sort)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system_id, code) DO UPDATE SET parent_id = excluded.parent_id, kind = excluded.kind, name = excluded.name,
				name_en = excluded.name_en, full_name = excluded.full_name, label = excluded.label, aliases = excluded.aliases, role = excluded.role,
				numeral = excluded.numeral, level = excluded.level, description = excluded.description,
				source_id = excluded.source_id, quote = excluded.quote, sort = excluded.sort
			RETURNING id`, sysID, n.Code, nullID(ids[n.ParentCode]), string(n.Kind), n.Name, n.NameEn, n.FullName, n.Label, strings.Join(n.Aliases, "|"),
			string(n.Role), n.Numeral, n.Level, n.Description, nullID(srcIDs[n.SourceCode]), n.Quote, n.Sort)
		if err != nil {
			return 0, nil, 0, fmt.Errorf("store node %s (line %d): %w", n.Code, n.Line, err)
		}
		ids[n.Code] = id
	}
	for _, n := range st.Nodes {
		if _, err := t.exec(ctx, `UPDATE nodes SET part_of_id = ? WHERE id = ?`, nullID(ids[n.PartOfCode]), ids[n.Code]); err != nil {
			return 0, nil, 0, err
		}
	}
	// Nodes of this system that the file no longer has.
	rows, err := t.QueryContext(ctx, t.db.Rebind(`SELECT id, code, name FROM nodes WHERE system_id = ?`), sysID)
	if err != nil {
		return 0, nil, 0, err
	}
	type gone struct {
		id         int64
		code, name string
	}
	var goneNodes []gone
	for rows.Next() {
		var g gone
		if err := rows.Scan(&g.id, &g.code, &g.name); err != nil {
			rows.Close()
			return 0, nil, 0, err
		}
		if _, ok := ids[g.code]; !ok {
			goneNodes = append(goneNodes, g)
		}
	}
	rows.Close()
	var pinned []string
	for _, g := range goneNodes {
		var n int
		err := t.queryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM observations WHERE node_id = ?) +
			(SELECT COUNT(*) FROM targets WHERE node_id = ?) +
			(SELECT COUNT(*) FROM memberships WHERE node_id = ?)`, g.id, g.id, g.id).Scan(&n)
		if err != nil {
			return 0, nil, 0, err
		}
		if n > 0 {
			pinned = append(pinned, fmt.Sprintf("%s (%s): %d observation(s), target(s) or membership(s)", g.code, g.name, n))
		}
	}
	if len(pinned) > 0 {
		return 0, nil, 0, fmt.Errorf("the new structure drops nodes that data still refers to; nothing was changed:\n  %s", strings.Join(pinned, "\n  "))
	}
	for _, g := range goneNodes {
		if _, err := t.exec(ctx, `UPDATE nodes SET parent_id = NULL, part_of_id = NULL WHERE id = ?`, g.id); err != nil {
			return 0, nil, 0, err
		}
	}
	for _, g := range goneNodes {
		if _, err := t.exec(ctx, `DELETE FROM nodes WHERE id = ?`, g.id); err != nil {
			return 0, nil, 0, fmt.Errorf("remove node %s: %w", g.code, err)
		}
	}
	return sysID, ids, len(goneNodes), nil
}

// WriteTableFigures stores published totals read from a table as
// observations of source src, in one transaction: the source is upserted by
// code and its earlier observations replaced, so importing the same table
// twice changes nothing. Scopes are node codes. A figure another source
// already gives for the same scope, indicator and period is an error.
func (s *Store) WriteTableFigures(ctx context.Context, systemID int64, src model.Source, obs []model.Observation) (int, error) {
	err := s.tx(ctx, func(t *txn) error {
		srcID, err := t.insertID(ctx, `INSERT INTO sources (code, title, publisher, published, url, note, body)
			VALUES (?, ?, ?, ?, '', ?, ?)
			ON CONFLICT (code) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
				published = excluded.published, note = excluded.note, body = excluded.body
			RETURNING id`, src.Code, src.Title, src.Publisher, src.Published, src.Note, src.Body)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM observations WHERE system_id = ? AND source_id = ?`, systemID, srcID); err != nil {
			return err
		}
		nodes, err := t.codeIDs(ctx, `SELECT code, id FROM nodes WHERE system_id = ?`, systemID)
		if err != nil {
			return err
		}
		inds, err := t.codeIDs(ctx, `SELECT code, id FROM indicators`)
		if err != nil {
			return err
		}
		for _, o := range obs {
			nodeID, ok := nodes[o.Scope.NodeCode]
			if !ok {
				return fmt.Errorf("row %d: node %q is not in the system", o.Line, o.Scope.NodeCode)
			}
			if err := t.insertObservation(ctx, systemID, nodeID, nil, inds[o.Indicator.Code], srcID, o); err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("row %d: the database already holds %s of %s for %s from another source; one figure per scope, indicator and period",
						o.Line, o.Indicator.NameZh, o.Scope.Name, o.Period.Label())
				}
				return fmt.Errorf("row %d: %w", o.Line, err)
			}
		}
		return nil
	})
	return len(obs), err
}
