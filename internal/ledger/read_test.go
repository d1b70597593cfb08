package ledger

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/model"
)

var testNodes = []model.Node{{Code: "fuling", Name: "涪陵区"}, {Code: "baitao", Name: "白涛新材料科技城", ParentCode: "fuling"}}

func writeCSV(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "contracts.csv")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadContractsCSV(t *testing.T) {
	p := writeCSV(t, "登记编号,合同类型,卖方名称,卖方所在地区,卖方所属载体,买方名称,买方所在地区,签订日期,登记日期,合同成交额（万元）,非技术性扣除,技术交易额（万元）\n"+
		"K1,技术开发（委托）,甲公司,,白涛新材料科技城,乙公司,北京市,2022-03-01,2022-03-10,500,试验设备=120万元；原材料=30万元,350\n"+
		"K2,技术转让,丙公司,涪陵区,,丁公司,,2022/4/1,2022/4/8,200,中试设备=5套×20万元（技术载体，合理2套）,\n")
	f, err := Read(p, Contracts, Options{Nodes: testNodes, District: []string{"涪陵区"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Errors) > 0 {
		t.Fatal(f.Errors)
	}
	cs := f.Books.Contracts
	if len(cs) != 2 || cs[0].Transaction != Yuan(3_500_000) || cs[1].Transaction != Yuan(1_400_000) {
		t.Fatalf("%+v", cs)
	}
	if !cs[0].Seller.InDistrict || cs[0].Seller.Node != "baitao" || cs[0].Buyer.InDistrict || cs[0].Buyer.Region != "北京市" || !cs[1].Seller.InDistrict || !cs[1].Buyer.InDistrict {
		t.Errorf("parties: %+v / %+v", cs[0], cs[1])
	}
}

func TestReadContractsErrors(t *testing.T) {
	p := writeCSV(t, "登记编号,合同类型,卖方名称,买方名称,签订日期,登记日期,合同成交额（万元）,非技术性扣除,技术交易额（万元）,卖方所属载体\n"+
		"K1,技术开发,甲,乙,2022-03-01,2022-03-10,500,,,\n"+
		"K2,技术转让,甲,乙,2022-03-01,2022-03-10,500,,450,\n"+
		"K3,技术转让,甲,乙,2022-03-01,2022-02-10,abc,,,\n"+
		"K4,技术咨询,甲,乙,2022-03-01,2022-03-10,100,,120,月球\n"+
		"K4,技术咨询,甲,乙,2022-03-01,2022-03-10,100,,,\n")
	f, err := Read(p, Contracts, Options{Nodes: testNodes})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range f.Errors {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`contracts.csv, row 2, column B 合同类型, value "技术开发": 技术开发 must say 委托 or 合作`,
		`contracts.csv, row 3, column I 技术交易额（万元）, value "450": 技术交易额 is 50万元 less than 合同成交额 500万元 but no deduction is named`,
		`contracts.csv, row 4, column G 合同成交额（万元）, value "abc"`,
		`contracts.csv, row 5, column J 卖方所属载体, value "月球": not a node of the system`,
		`contracts.csv, row 6, column A 登记编号, value "K4": repeats row 5`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("errors lack %q:\n%s", want, all)
		}
	}
}
