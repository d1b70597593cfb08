package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/bulletin"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/importer"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/progress"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/testutil"
)

var asOf = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// openEach runs fn on a seeded SQLite database and, when configured, on a
// seeded PostgreSQL schema.
func openEach(t *testing.T, fn func(t *testing.T, a *app.App)) {
	for _, d := range testutil.Databases(t) {
		t.Run(d.Name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Seed = true
			if d.Name == "sqlite" {
				cfg.DataDir, cfg.DatabaseURL = t.TempDir(), ""
			} else {
				cfg.DatabaseURL = d.DSN
			}
			a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			fn(t, a)
		})
	}
}

const districtParagraph = "1—8月，全区规模以上工业企业研发投入24.02亿元，同比增长15.6%；高新技术企业达到151户，科技型企业1266户，" +
	"规模以上工业企业内研发机构达到180个，市级以上研发机构达到127个，新型研发机构达到32家。"

const baitaoParagraph = "1—8月，白涛新材料科技城研发投入9.24亿元，同比增长58.8%；规模以上工业总产值455.65亿元，同比增长31.6%；"

const valueAddedProgress = "涪陵高新区规模以上工业增加值2026年目标为突破800亿元，2022年为370亿元，完成目标的46.3%，时序进度20.0%，进度正常；实现目标尚需年均增长21.3%。"

func TestBulletinIsWrittenFromTheDatabase(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		p := period.MustParse("2022-01..2022-08")
		b, err := a.Bulletin(ctx, v, "涪陵区", p, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if b.Title != "涪陵区科技创新统计简报" || b.Subtitle != "2022年1—8月" {
			t.Errorf("title %q subtitle %q", b.Title, b.Subtitle)
		}
		if got := b.Sections[0]; got.Heading != "全区" || got.Text() != districtParagraph {
			t.Errorf("district paragraph:\n got %s: %s\nwant 全区: %s", got.Heading, got.Text(), districtParagraph)
		}
		text := allText(b)
		for _, want := range []string{baitaoParagraph, valueAddedProgress,
			"白涛新材料科技城“十四五”末预计实现以下目标（暂无可比实绩）：规模以上工业总产值突破1000亿元；规模以上工业企业数40户以上。",
			"市级以上研发机构达到120家"} {
			if !strings.Contains(text, want) {
				t.Errorf("bulletin lacks %q:\n%s", want, text)
			}
		}
		// Figures of other periods stay out: 1—9月 technology contracts, 2022 loans.
		for _, unwanted := range []string{"7010.2万元", "6100万元", "技术交易"} {
			if strings.Contains(text, unwanted) {
				t.Errorf("1—8月 bulletin mentions %q", unwanted)
			}
		}
		// Judged at the end of August 2022, the 2022 full-year actual (published
		// in 2023) is not known yet.
		early, err := a.Bulletin(ctx, v, "涪陵区", p, p.End())
		if err != nil {
			t.Fatal(err)
		}
		if got := allText(early); strings.Contains(got, "370亿元") ||
			!strings.Contains(got, "涪陵高新区到2026年力争实现以下目标（暂无可比实绩）：地区生产总值突破1000亿元；规模以上工业增加值突破800亿元；") {
			t.Errorf("bulletin judged at 2022-08-31:\n%s", got)
		}
		md := b.Markdown()
		if !strings.Contains(md, "# 涪陵区科技创新统计简报") || !strings.Contains(md, "[^1]: 资料来源：科创有质量") {
			t.Errorf("markdown:\n%s", md)
		}

		// Correct a value in the database: the bulletin follows.
		obs, err := a.Store.Observations(ctx, store.ObservationFilter{Scopes: []string{"fuling"}, Indicator: "rd_expenditure_above_scale_industry"})
		if err != nil || len(obs) != 1 {
			t.Fatalf("R&D observation: %v %v", obs, err)
		}
		if err := a.Store.SetObservationValue(ctx, obs[0].ID, decimal.RequireFromString("2500000000"), "25亿元"); err != nil {
			t.Fatal(err)
		}
		b, err = a.Bulletin(ctx, v, "fuling", p, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Sections[0].Text(); !strings.HasPrefix(got, "1—8月，全区规模以上工业企业研发投入25亿元，同比增长15.6%；") {
			t.Errorf("after the correction the bulletin says: %s", got)
		}
	})
}

// allText is the bulletin's paragraphs without source markers.
func allText(b bulletin.Bulletin) string {
	var s strings.Builder
	for _, sec := range b.Sections {
		s.WriteString(sec.Text())
		s.WriteString("\n")
	}
	return s.String()
}

func TestBulletinOfOtherScopesAndPeriods(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := a.Bulletin(ctx, v, "全区", period.MustParse("2022Q1-Q3"), asOf)
		if err != nil {
			t.Fatal(err)
		}
		want := "前三季度，全区登记技术交易合同51项，技术合同成交额达到5亿元，技术交易额7010.2万元。"
		if b.Sections[0].Text() != want {
			t.Errorf("前三季度:\n got %s\nwant %s", b.Sections[0].Text(), want)
		}
		b, err = a.Bulletin(ctx, v, "涪陵高新区", period.MustParse("2022"), asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.Sections[0].Text(), "2022年，涪陵高新区规模以上工业总产值1225亿元，规模以上工业增加值370亿元，固定资产投资110亿元") {
			t.Errorf("zone 2022: %s", b.Sections[0].Text())
		}
		b, err = a.Bulletin(ctx, v, "baitao", period.MustParse("2021"), asOf)
		if err != nil {
			t.Fatal(err)
		}
		if b.Sections[0].Text() != "2021年暂无白涛新材料科技城的统计数据。" {
			t.Errorf("empty period: %s", b.Sections[0].Text())
		}
		if _, err := a.Bulletin(ctx, v, "重庆市", period.MustParse("2022"), asOf); err == nil || !strings.Contains(err.Error(), `scope "重庆市" is not a node`) {
			t.Errorf("unknown scope: %v", err)
		}
	})
}

func TestTargetAssessments(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		as, err := a.Assessments(ctx, v, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 13 {
			t.Fatalf("assessments = %d, want 13", len(as))
		}
		seen := 0
		for _, x := range as {
			switch x.Target.Scope.Code() + "/" + x.Target.Indicator.Code {
			case "fl-htz/value_added_above_scale_industry":
				seen++
				r := x.Result
				if x.Actual == nil || x.Actual.Value.String() != "37000000000" || x.Actual.Period.String() != "2022" {
					t.Fatalf("actual = %+v", x.Actual)
				}
				if r.Status != progress.OnTrack || r.Completion.String() != "0.4625" ||
					r.RequiredGrowth.Round(6).String() != "0.212613" || r.YearsLeft.String() != "4" ||
					r.TimeElapsed.Round(4).String() != "0.1999" {
					t.Errorf("value added: status %s completion %s required %s years %s elapsed %s",
						r.Status, r.Completion, r.RequiredGrowth, r.YearsLeft, r.TimeElapsed)
				}
			case "baitao/gross_output_above_scale_industry":
				seen++
				if x.Actual != nil || x.Result.Status != progress.NoActual || x.Partial == nil ||
					x.Why != "仅有2022年1—8月数据（455.65亿元），与2025年目标口径不可比" {
					t.Errorf("Baitao output: actual %v status %s why %q", x.Actual, x.Result.Status, x.Why)
				}
			case "fl-htz/rd_institutions_municipal_or_higher":
				seen++
				// The district's 127 institutions are a different scope: not comparable.
				if x.Actual != nil || x.Result.Status != progress.NoActual {
					t.Errorf("zone R&D institutions compared with %v", x.Actual)
				}
			}
		}
		if seen != 3 {
			t.Errorf("found %d of the 3 targets checked", seen)
		}
	})
}

func TestResolveScope(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		v, err := a.View(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		for in, want := range map[string]string{"涪陵区": "fuling", "全区": "fuling", "fl-htz": "fl-htz", "白涛新材料科技城": "baitao", " 慧谷湖科创小镇 ": "huigu-lake"} {
			n, err := v.Resolve(in)
			if err != nil || n.Code != want {
				t.Errorf("Resolve(%q) = %s, %v; want %s", in, n.Code, err, want)
			}
		}
	})
}

// A report file of 2,500 firms imported in batches of 1,000 reports, with
// progress reported every 1,000 rows, inside one transaction: all written
// once, nothing written twice, nothing written when a row is bad.
func TestStreamedImportInBatches(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		d, err := demo.Generate(demo.Options{Firms: 2500, Months: 2, Year: 2020, Seed: 2}, []string{"baitao", "huigu-lake"})
		if err != nil {
			t.Fatal(err)
		}
		id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "registry", "", asOf)
		if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2020-01-01"); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "report.csv")
		writeReportCSV(t, path, d, 2021)
		progress := 0
		req := app.ImportRequest{Path: path, Name: "report.csv", AsOf: "2021-08-31",
			Options: importer.Options{BatchSize: 1000}, Progress: func(rows int) { progress = rows }}
		out, err := a.Import(ctx, v, req)
		if err != nil || out.Status != "done" || out.Reports.Written != 10000 || progress != 2000 {
			t.Fatalf("import: %v status %s written %d progress %d", err, out.Status, out.Reports.Written, progress)
		}
		out, err = a.Import(ctx, v, req)
		if err != nil || out.Reports.Written != 0 || out.Reports.Unchanged != 10000 {
			t.Fatalf("second import: %v %+v", err, out.Reports)
		}
		// A bad last row: the batches already written are rolled back.
		data, _ := os.ReadFile(path)
		bad := filepath.Join(t.TempDir(), "bad.csv")
		os.WriteFile(bad, append(bytes.Replace(data, []byte("2021年1-8月"), []byte("2022年1-8月"), -1), []byte("91500102MA60000090,坏行,2022年1-8月,1,1,1,1,1,1\n")...), 0o644)
		req.Path, req.Name = bad, "bad.csv"
		out, err = a.Import(ctx, v, req)
		if !errors.Is(err, app.ErrRejected) || out.Status != "rejected" {
			t.Fatalf("bad file: %v %s", err, out.Status)
		}
		var n int
		a.DB.R.QueryRow(`SELECT COUNT(*) FROM reports WHERE year = 2022`).Scan(&n)
		if n != 0 {
			t.Errorf("%d reports of the rejected file were kept", n)
		}
	})
}
