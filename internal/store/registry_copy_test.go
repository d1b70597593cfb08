package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/testutil"
)

// On PostgreSQL a registry batch of firms all new to the system is written
// with COPY; the rows (ids included) and the summary are exactly those of the
// per-firm path, batch after batch: new firms, then a mix of known and new
// ones (per firm on both), then new ones again, then one naming an unknown
// node (the same error, nothing written).
func TestRegistryCopyEqualsPerFirm(t *testing.T) {
	ctx := context.Background()
	var stores [2]*store.Store
	for i := range stores {
		dsn, ok := testutil.Postgres(t)
		if !ok {
			t.Skip("PostgreSQL not configured (KECHUANG_TEST_PG_DSN)")
		}
		conn, err := db.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		stores[i] = store.New(conn)
		if _, err := stores[i].LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
	}
	data, err := demo.Generate(demo.Options{Firms: 900, Months: 2, Year: 2023, Seed: 3}, []string{"baitao-pu-pa", "fl-htz", "huigu-lake"})
	if err != nil {
		t.Fatal(err)
	}
	f := data.Firms
	f[0].Memberships = []model.Membership{{NodeCode: "baitao-pu-pa"}, {NodeCode: "fl-htz"}, {NodeCode: "baitao-pu-pa"}}
	f[1].Recognitions = append(f[1].Recognitions, model.Recognition{Name: model.HighTechEnterprise, Granted: "2022-01-01", ValidUntil: "2024-12-31"},
		model.Recognition{Name: model.HighTechEnterprise, Granted: "2022-01-01", ValidUntil: "2024-12-31", CertificateNo: "again"})
	f[2].Memberships = nil
	f[3].RegisteredOn, f[3].AboveScale = "", nil
	mixed := append([]model.Firm{}, f[300:400]...)
	for i := range mixed[:50] {
		mixed[i].Name += "（新名）"
		mixed[i].Memberships = []model.Membership{{NodeCode: "huigu-lake"}}
	}
	mixed = append(mixed, f[600:700]...)
	bad := append([]model.Firm{}, f[800:810]...)
	bad[5].Memberships = []model.Membership{{NodeCode: "no-such-node"}}
	batches := []struct {
		firms []model.Firm
		asOf  string
	}{{f[:600], "2023-01-01"}, {mixed, "2023-06-01"}, {f[700:800], "2023-07-01"}, {bad, "2023-08-01"}}
	sys, err := stores[0].System(ctx, "fuling")
	if err != nil {
		t.Fatal(err)
	}
	for bi, b := range batches {
		var sums [2]string
		for i, s := range stores {
			old := store.SetRegistryCopy(i == 0)
			id, err := s.StartImport(ctx, sys.ID, "registry", "batch", fmt.Sprint(bi), nowT)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := s.WriteRegistry(ctx, sys.ID, id, b.firms, b.asOf)
			store.SetRegistryCopy(old)
			sums[i] = fmt.Sprintf("%+v %v", sum, err)
		}
		if sums[0] != sums[1] {
			t.Errorf("batch %d: COPY %s, per firm %s", bi, sums[0], sums[1])
		}
		if bi == 3 && !strings.Contains(sums[0], `node "no-such-node" is not in the system`) {
			t.Errorf("batch 3: %s", sums[0])
		}
		for _, q := range []string{
			`SELECT * FROM organisations ORDER BY id`,
			`SELECT org_id, name, first_seen, import_id FROM organisation_names ORDER BY org_id, name`,
			`SELECT org_id, node_id, valid_from, valid_to, as_of, source_id, quote, import_id FROM memberships ORDER BY org_id, node_id, valid_from, valid_to`,
			`SELECT org_id, name, level, granted, valid_until, certificate_no, source_id, quote, import_id FROM recognitions ORDER BY org_id, name, granted`,
		} {
			var dumps [2]string
			for i, s := range stores {
				dumps[i] = dump(t, s, q)
			}
			if dumps[0] != dumps[1] {
				t.Errorf("batch %d: %s differs:\nCOPY:\n%.2000s\nper firm:\n%.2000s", bi, q, diffFrom(dumps[0], dumps[1]), diffFrom(dumps[1], dumps[0]))
			}
			if bi == 0 && strings.Count(dumps[0], "\n") < 600 {
				t.Errorf("%s: %d rows", q, strings.Count(dumps[0], "\n"))
			}
		}
	}
}

func dump(t *testing.T, s *store.Store, q string) string {
	t.Helper()
	rows, err := s.DB().R.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// diffFrom is a from its first line that differs from b.
func diffFrom(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range la {
		if i >= len(lb) || la[i] != lb[i] {
			return strings.Join(la[i:], "\n")
		}
	}
	return ""
}
