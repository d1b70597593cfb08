package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/testutil"
)

// Every test here runs on SQLite and on PostgreSQL (when scripts/test.sh
// started one; required there).

func openEach(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, d := range testutil.Databases(t) {
		t.Run(d.Name, func(t *testing.T) {
			conn, err := db.Open(context.Background(), d.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { conn.Close() })
			fn(t, store.New(conn))
		})
	}
}

func fuling(t *testing.T) *dataset.Dataset { return fulingB(t) }

func fulingB(t testing.TB) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.Load(datasets.FS, datasets.Fuling)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func count(t *testing.T, s *store.Store, table string) int {
	t.Helper()
	var n int
	if err := s.DB().R.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoadFulingDatasetAndReadBack(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ds := fuling(t)
		sum, err := s.LoadDataset(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Observations != len(ds.Observations) || sum.Targets != len(ds.Targets) || sum.Nodes != len(ds.Structure.Nodes) {
			t.Fatalf("summary %+v does not match dataset", sum)
		}
		sys, err := s.System(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if sys.Name != "涪陵区产业科创体系" || sys.RegionCode != "500102" {
			t.Errorf("system = %+v", sys)
		}
		nodes, err := s.Nodes(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		if nodes[0].Code != "fuling" || nodes[0].ParentCode != "" {
			t.Errorf("first node = %+v, want the root fuling", nodes[0])
		}
		byCode := map[string]model.Node{}
		for i, n := range nodes {
			byCode[n.Code] = n
			if n.ParentCode != "" {
				if _, ok := byCode[n.ParentCode]; !ok {
					t.Errorf("node %d %s comes before its parent %s", i, n.Code, n.ParentCode)
				}
			}
		}
		if byCode["huigu-lake"].PartOfCode != "fl-htz" {
			t.Errorf("huigu-lake part_of = %q, want fl-htz", byCode["huigu-lake"].PartOfCode)
		}
		if byCode["fl-htz"].Level != "national" || byCode["fl-htz"].Kind != model.HighTechZone {
			t.Errorf("fl-htz = %+v", byCode["fl-htz"])
		}
		var baitaoIndustries []string
		for _, n := range nodes {
			if n.ParentCode == "baitao" {
				baitaoIndustries = append(baitaoIndustries, n.Name)
			}
		}
		if got := strings.Join(baitaoIndustries, "、"); got != "聚氨酯和聚酰胺、清洁能源、精细化工、高分子合成材料、铝深加工" {
			t.Errorf("Baitao's industries = %s", got)
		}

		obs, err := s.Observations(ctx, store.ObservationFilter{SystemID: sys.ID, Scopes: []string{"fuling"}, Indicator: "rd_expenditure_above_scale_industry"})
		if err != nil {
			t.Fatal(err)
		}
		if len(obs) != 1 {
			t.Fatalf("district R&D observations = %d, want 1", len(obs))
		}
		o := obs[0]
		if o.Value.String() != "2402000000" || o.YoY == nil || o.YoY.String() != "0.156" || o.Period.String() != "2022-01..2022-08" {
			t.Errorf("district R&D = %s yoy %v period %s", o.Value, o.YoY, o.Period)
		}
		if o.Formatted() != "24.02亿元" || o.Indicator.Unit != "yuan" || o.Status != model.Published {
			t.Errorf("district R&D prints %s (%s, %s)", o.Formatted(), o.Indicator.Unit, o.Status)
		}
		if !strings.Contains(o.Quote, "全区规模以上工业企业研发投入24.02亿元") || o.SourceCode != "article-2022" {
			t.Errorf("quote %q source %q", o.Quote, o.SourceCode)
		}

		tx, err := s.Observations(ctx, store.ObservationFilter{SystemID: sys.ID, Scopes: []string{"fuling"}, Indicator: "tech_transaction_value"})
		if err != nil || len(tx) != 1 || tx[0].Value.String() != "70102000" || tx[0].Formatted() != "7010.2万元" {
			t.Fatalf("technology transaction value = %+v, %v", tx, err)
		}

		targets, err := s.Targets(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(targets) != 13 {
			t.Fatalf("targets = %d, want 13", len(targets))
		}
		var va *model.Target
		for i := range targets {
			if targets[i].Indicator.Code == "value_added_above_scale_industry" {
				va = &targets[i]
			}
		}
		if va == nil || va.Value.String() != "80000000000" || !va.Exclusive() || va.Year != 2026 || va.Scope.NodeCode != "fl-htz" ||
			va.PlanStart == nil || va.PlanStart.Format("2006-01-02") != "2022-01-01" {
			t.Fatalf("value-added target = %+v", va)
		}

		orgs, err := s.Organisations(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, o := range orgs {
			if o.Name == "中涪科瑞技术研究院" {
				found = len(o.Recognitions) == 1 && o.Recognitions[0].Name == "重庆市新型研发机构" && o.Recognitions[0].Level == "municipal"
			}
		}
		if !found {
			t.Error("中涪科瑞技术研究院 with its recognition 重庆市新型研发机构 not found")
		}
	})
}

func TestReloadReplacesFiguresWithoutDuplicates(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ds := fuling(t)
		for range 2 {
			if _, err := s.LoadDataset(ctx, ds); err != nil {
				t.Fatal(err)
			}
		}
		for table, want := range map[string]int{"observations": len(ds.Observations), "targets": len(ds.Targets),
			"nodes": len(ds.Structure.Nodes), "organisations": len(ds.Organisations), "systems": 1} {
			if got := count(t, s, table); got != want {
				t.Errorf("%s after two loads = %d, want %d", table, got, want)
			}
		}
	})
}

func TestFailedLoadWritesNothing(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ds := fuling(t)
		// The last observation breaks a database constraint: everything
		// written before it in the same load must be rolled back.
		bad := ds.Observations[len(ds.Observations)-1]
		bad.Status = "rumoured"
		ds.Observations = append(ds.Observations, bad)
		if _, err := s.LoadDataset(ctx, ds); err == nil {
			t.Fatal("load with an invalid status succeeded")
		}
		for _, table := range []string{"sources", "indicators", "systems", "nodes", "organisations", "observations", "targets"} {
			if n := count(t, s, table); n != 0 {
				t.Errorf("%s has %d rows after a failed load, want 0", table, n)
			}
		}
	})
}

func TestLoadStructureUpdatesAndRefusesToDropUsedNodes(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ds := fuling(t)
		if _, err := s.LoadDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		// Drop Baitao (it has figures and targets): refused, nothing changes.
		st := *ds.Structure
		st.Nodes = nil
		for _, n := range ds.Structure.Nodes {
			if n.Code != "baitao" && n.ParentCode != "baitao" {
				st.Nodes = append(st.Nodes, n)
			}
		}
		_, err := s.LoadStructure(ctx, &st)
		if err == nil || !strings.Contains(err.Error(), "baitao (白涛新材料科技城)") {
			t.Fatalf("dropping baitao: err = %v", err)
		}
		if n := count(t, s, "nodes"); n != len(ds.Structure.Nodes) {
			t.Errorf("nodes = %d after a refused load, want %d", n, len(ds.Structure.Nodes))
		}
		// Rename a node and drop an unused leaf: both applied.
		st.Nodes = nil
		var dropped string
		for _, n := range ds.Structure.Nodes {
			if n.Code == "fl-htz" {
				n.FullName = "重庆涪陵高新技术产业开发区（测试）"
			}
			if n.ParentCode == "baitao" && dropped == "" {
				dropped = n.Code
				continue
			}
			st.Nodes = append(st.Nodes, n)
		}
		sum, err := s.LoadStructure(ctx, &st)
		if err != nil {
			t.Fatal(err)
		}
		if sum.NodesRemoved != 1 {
			t.Errorf("removed %d nodes, want 1 (%s)", sum.NodesRemoved, dropped)
		}
		sys, _ := s.System(ctx, "fuling")
		nodes, err := s.Nodes(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range nodes {
			if n.Code == dropped {
				t.Errorf("node %s still there", dropped)
			}
			if n.Code == "fl-htz" && n.FullName != "重庆涪陵高新技术产业开发区（测试）" {
				t.Errorf("fl-htz full name = %q", n.FullName)
			}
		}
	})
}

func TestSetObservationValue(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		obs, err := s.Observations(ctx, store.ObservationFilter{Scopes: []string{"baitao"}, Indicator: "rd_expenditure_total"})
		if err != nil || len(obs) != 1 {
			t.Fatalf("baitao R&D: %v, %v", obs, err)
		}
		if err := s.SetObservationValue(ctx, obs[0].ID, decimal.RequireFromString("925000000"), "9.25亿元"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Observation(ctx, obs[0].ID)
		if err != nil || got.Value.String() != "925000000" || got.Formatted() != "9.25亿元" {
			t.Fatalf("after correction: %+v, %v", got, err)
		}
		if err := s.SetObservationValue(ctx, 999999, decimal.Zero, "0"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown id: err = %v, want ErrNotFound", err)
		}
	})
}

func TestNewerSchemaIsRefused(t *testing.T) {
	for _, d := range testutil.Databases(t) {
		t.Run(d.Name, func(t *testing.T) {
			ctx := context.Background()
			conn, err := db.Open(ctx, d.DSN)
			if err != nil {
				t.Fatal(err)
			}
			_, newest, err := conn.SchemaVersions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := conn.W.Exec(conn.Rebind(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)`), newest+1, true); err != nil {
				t.Fatal(err)
			}
			conn.Close()
			_, err = db.Open(ctx, d.DSN)
			if !errors.Is(err, db.ErrNewerSchema) {
				t.Fatalf("opening a database with schema %d: err = %v, want ErrNewerSchema", newest+1, err)
			}
			if !strings.Contains(err.Error(), "knows versions up to") {
				t.Errorf("message does not say why: %v", err)
			}
		})
	}
}

func TestConflictingFigureFromAnotherSource(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		// A second dataset whose source is new but whose figure is already there.
		ds := fuling(t)
		another := ds.Sources[0]
		another.Code = "another-report"
		ds.Sources = []model.Source{another}
		ds.Observations = ds.Observations[len(ds.Observations)-1:]
		ds.Observations[0].SourceCode = "another-report"
		ds.Targets = nil
		_, err := s.LoadDataset(ctx, ds)
		if err == nil || !strings.Contains(err.Error(), "already holds") || !strings.Contains(err.Error(), "from another source") {
			t.Fatalf("conflicting figure: %v", err)
		}
		if n := count(t, s, "sources"); n != 2 {
			t.Errorf("sources = %d after the refused load, want 2", n)
		}
		if n := count(t, s, "observations"); n != len(fuling(t).Observations) {
			t.Errorf("observations = %d after the refused load", n)
		}
	})
}
