package sheet

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestZZSnapshot(t *testing.T) {
	out := os.Getenv("SNAP_OUT")
	if out == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("../../../shared/cases/import/*/*")
	files = append(files, buildLayoutWorkbook(t))
	m := map[string]any{}
	for _, f := range files {
		if filepath.Ext(f) == ".json" {
			continue
		}
		ts, err := Open(f)
		if err != nil {
			m[filepath.Base(f)] = err.Error()
			continue
		}
		m[filepath.Base(f)] = ts
	}
	// html
	p := filepath.Join(t.TempDir(), "x.xls")
	os.WriteFile(p, []byte(`<html><table><tr><td colspan=3>标题</td></tr><tr><td>企业</td><td>A（万元）</td><td>B</td></tr><tr><td rowspan=2>甲</td><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr><tr><td>一、x</td></tr><tr><td>乙</td><td>5</td><td>6</td></tr><tr><td>其中：丙</td><td>5</td><td>6</td></tr></table></html>`), 0o644)
	ts, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	m["html"] = ts
	b, _ := json.MarshalIndent(m, "", " ")
	os.WriteFile(out, b, 0o644)
}
