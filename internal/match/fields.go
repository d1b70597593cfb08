package match

import (
	"sort"
	"strings"
)

// Field is a technical field (技术领域) of the district's industries, with
// the group of fields it is related to, the words that name it, and the
// nodes of the Fuling system (datasets/fuling/system.yaml) whose firms work
// in it.
type Field struct {
	Name    string
	Group   string
	Aliases []string
	Nodes   []string
}

// Fields are the technical fields recognised in demands and achievements;
// a field written otherwise is kept as written and does not count in field
// agreement.
var Fields = []Field{
	{"新材料", "材料化工", []string{"新材料", "化工新材料", "聚氨酯", "聚酰胺", "己二腈", "氨纶", "尼龙", "高分子", "高分子材料", "复合材料", "金属材料", "铝深加工", "铝合金", "PET", "聚酯", "绿色新材料", "材料"}, []string{"baitao-pu-pa", "baitao-polymers", "baitao-aluminium", "green-materials"}},
	{"精细化工", "材料化工", []string{"精细化工", "化工", "化学工程", "农药", "医药中间体", "电子化学品", "催化"}, []string{"baitao-fine-chemicals"}},
	{"页岩气", "能源环保", []string{"页岩气", "油气", "天然气", "石油天然气", "油气勘探", "钻完井"}, []string{"shale-gas"}},
	{"清洁能源", "能源环保", []string{"清洁能源", "新能源", "氢能", "储能", "光伏", "风电", "能源"}, []string{"baitao-clean-energy"}},
	{"节能环保", "能源环保", []string{"节能环保", "环保", "节能", "环境", "资源综合利用", "绿色低碳", "低碳"}, []string{"green-lowcarbon"}},
	{"新能源汽车", "汽车", []string{"新能源汽车", "汽车", "汽车零部件", "动力电池", "电池", "锂电", "智能网联", "整车", "摩托车"}, []string{"automotive", "nev-icv"}},
	{"生物医药", "生命健康", []string{"生物医药", "医药", "生物技术", "医疗器械", "制药", "生命科学"}, []string{"life-science"}},
	{"中医药", "生命健康", []string{"中医药", "中药", "中药材", "现代中药"}, []string{"modern-tcm"}},
	{"食品", "生命健康", []string{"食品", "榨菜", "食品加工", "农产品加工", "大健康", "现代农业", "农业"}, []string{"zhacai-health"}},
	{"智能制造", "智能科技", []string{"智能制造", "装备制造", "先进装备", "高端装备", "工业互联网", "机器人", "自动化", "机械"}, []string{"advanced-equipment"}},
	{"电子信息", "智能科技", []string{"电子信息", "人工智能", "集成电路", "芯片", "大数据", "软件", "信息技术", "数字经济", "通信", "光电"}, []string{"huigu-lake"}},
	{"智能建造", "智能科技", []string{"智能建造", "建筑", "装配式建筑", "土木"}, []string{"intelligent-construction"}},
}

var aliasOrder []struct {
	alias string
	field int
}

func init() {
	for i, f := range Fields {
		for _, a := range append([]string{f.Name}, f.Aliases...) {
			aliasOrder = append(aliasOrder, struct {
				alias string
				field int
			}{strings.ToLower(a), i})
		}
	}
	// Longest alias first: 汽车零部件 before 汽车, 新能源汽车 before 新能源.
	sort.SliceStable(aliasOrder, func(i, j int) bool { return len(aliasOrder[i].alias) > len(aliasOrder[j].alias) })
}

// ResolveField finds the field s names: its name or an alias, or the
// longest alias s contains ("新材料/聚氨酯" → 新材料). ok is false when none.
func ResolveField(s string) (Field, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Field{}, false
	}
	for _, a := range aliasOrder {
		if s == a.alias {
			return Fields[a.field], true
		}
	}
	for _, a := range aliasOrder {
		if strings.Contains(s, a.alias) {
			return Fields[a.field], true
		}
	}
	return Field{}, false
}

// FieldNames lists the fields' names, for forms.
func FieldNames() []string {
	out := make([]string, len(Fields))
	for i, f := range Fields {
		out[i] = f.Name
	}
	return out
}
