package matchsheet_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/match/evalset"
	"github.com/kechuang/kechuang/internal/match/matchsheet"
)

// The evaluation set written as xlsx reads back the same (money exact in
// yuan, missing amounts still missing). MATCHSHEET_OUT=DIR keeps the files.
func TestRoundTrip(t *testing.T) {
	set, err := evalset.Load(os.DirFS("../testdata"), "eval")
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("MATCHSHEET_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, k := range []matchsheet.Kind{matchsheet.Achievements, matchsheet.Demands} {
		p := filepath.Join(dir, string(k)+".xlsx")
		w, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if k == matchsheet.Demands {
			err = matchsheet.Write(w, k, set.Demands, nil)
		} else {
			err = matchsheet.Write(w, k, nil, set.Achievements)
		}
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		f, err := matchsheet.Read(p, filepath.Base(p), k, "2026-01-01")
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if k == matchsheet.Demands {
			got, want := f.Demands[11], set.Demands[11]
			got.Row, want.ID, want.CreatedOn = 0, 0, "2026-01-01"
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) || len(f.Demands) != len(set.Demands) {
				t.Errorf("demand read back\n%+v\nwant\n%+v", got, want)
			}
			continue
		}
		for i, want := range set.Achievements {
			got := f.Achievements[i]
			got.Row, want.ID, want.CreatedOn = 0, 0, "2026-01-01"
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
				t.Fatalf("achievement %d read back\n%+v\nwant\n%+v", i, got, want)
			}
		}
	}
}

// A bad file is rejected whole, every problem named with row, column and
// value.
func TestReadErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "需求.csv")
	os.WriteFile(p, []byte("需求企业,需求名称,预算上限（万元）,合作方式,截止日期,状态\n"+
		"甲公司,电池回收,100,技术开发,2026-12-31,征集中\n"+
		",芯片封装,abc,技术入股,2026-02-30,进行中\n"), 0o644)
	f, err := matchsheet.Read(p, "需求.csv", matchsheet.Demands, "2026-01-01")
	errs, ok := err.(matchsheet.Errors)
	if !ok || len(errs) != 5 || len(f.Demands) != 0 {
		t.Fatalf("errors %v, %d demands", err, len(f.Demands))
	}
	msg := err.Error()
	for _, want := range []string{`需求.csv, row 3, column A 需求企业: 必填`, `column C 预算上限, value "abc": 不是金额`, `value "技术入股": 不认识的合作方式`,
		`column E 截止日期, value "2026-02-30": 不是日期`, `value "进行中": 状态应为`} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
	p2 := filepath.Join(t.TempDir(), "成果.csv")
	os.WriteFile(p2, []byte("成果名称\n芯片\n"), 0o644)
	if _, err := matchsheet.Read(p2, "成果.csv", matchsheet.Achievements, "2026-01-01"); err == nil || !strings.Contains(err.Error(), "缺少必填列“持有单位”") {
		t.Errorf("missing column: %v", err)
	}
}
