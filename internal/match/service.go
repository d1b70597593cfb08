package match

import (
	"fmt"
	"strings"
)

// FactorService is the kind of service a capability offers against the
// kind the demand asks (检测, 中试, 研发 …).
const FactorService = "service"

// ServiceWeight is the weight of the service factor, taken from text
// relevance; 0 leaves the factor out (measured, docs/matching.md).
var ServiceWeight = 0.0

// serviceKinds are the kinds of service of a capability record (科研能力)
// and of a demand, with the words that name them. Ours.
var serviceKinds = []struct {
	Name  string
	Words []string
}{
	{"检测分析", []string{"检测", "测试", "检验", "测定", "化验", "分析", "表征", "cma", "cnas", "试验"}},
	{"中试放大", []string{"中试", "放大", "小试", "试生产", "工程化", "产业化"}},
	{"评价认证", []string{"评价", "评估", "认证", "鉴定"}},
	{"标准", []string{"标准", "规范"}},
	{"设计", []string{"设计", "仿真", "建模"}},
	{"咨询诊断", []string{"咨询", "诊断", "审计", "规划", "方案"}},
	{"培训", []string{"培训", "人才"}},
	{"研发", []string{"研发", "开发", "攻关", "研究", "合作"}},
	{"示范", []string{"示范", "测试场", "应用场景"}},
}

// serviceSet returns the kinds of service named in texts and by modes.
func serviceSet(modes []Mode, texts ...string) map[string]bool {
	s := strings.ToLower(strings.Join(texts, "\n"))
	out := map[string]bool{}
	for _, k := range serviceKinds {
		for _, w := range k.Words {
			if strings.Contains(s, w) {
				out[k.Name] = true
				break
			}
		}
	}
	for _, m := range modes {
		switch m {
		case Development, JointLab:
			out["研发"] = true
		case Consulting:
			out["咨询诊断"] = true
		}
	}
	return out
}

func serviceFactor(d Demand, a Achievement) Factor {
	f := Factor{Code: FactorService, Label: "服务类型"}
	if a.Kind != KindCapability {
		f.Note = "科技成果不看服务类型，未计入"
		return f
	}
	ask := serviceSet(d.Modes, d.Title, d.Description)
	if len(ask) == 0 {
		f.Note = "需求未写明所需服务类型，未计入"
		return f
	}
	offer := serviceSet(a.Modes, a.Title, a.Abstract, a.Keywords)
	f.Counted = true
	var both []string
	for _, k := range serviceKinds {
		if ask[k.Name] && offer[k.Name] {
			both = append(both, k.Name)
		}
	}
	if len(both) > 0 {
		f.Value, f.Note = 1, fmt.Sprintf("可提供所需服务：%s", strings.Join(both, "、"))
		return f
	}
	f.Note = "所提供的服务类型与需求不同"
	return f
}
