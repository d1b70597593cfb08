package pipeline

import "github.com/kechuang/kechuang/internal/qualify"

// ResultJSON is one firm's result for one qualification as `kechuang screen
// --format json` and /api/v1/firms/{uscc}/screening print it
// (docs/screening.md): credit code, qualification (code and Chinese name),
// rule-set version, verdict (qualifies | fails | undetermined), the score
// range for scored rule sets, and every condition with value, threshold,
// pass (null: undetermined), gap, source, assumption and missing facts.
type ResultJSON struct {
	USCC          string              `json:"uscc"`
	Name          string              `json:"name"`
	Qualification string              `json:"qualification"`
	Label         string              `json:"qualification_label"`
	RuleSet       string              `json:"rule_set"`
	Verdict       string              `json:"verdict"`
	VerdictLabel  string              `json:"verdict_label"`
	Score         *qualify.ScoreRange `json:"score,omitempty"`
	Conditions    []ConditionJSON     `json:"conditions"`
	Missing       []string            `json:"missing,omitempty"`
	Assumptions   []string            `json:"assumptions,omitempty"`
}

// ConditionJSON is one condition of a ResultJSON.
type ConditionJSON struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Value      string   `json:"value"`
	Threshold  string   `json:"threshold"`
	Pass       *bool    `json:"pass"`
	Gap        string   `json:"gap,omitempty"`
	Source     string   `json:"source"`
	Assumption string   `json:"assumption,omitempty"`
	Missing    []string `json:"missing,omitempty"`
}

// ToJSON shapes a result for output.
func ToJSON(uscc, name string, r qualify.Result) ResultJSON {
	j := ResultJSON{USCC: uscc, Name: name, Qualification: string(r.Qualification), Label: r.Qualification.Label(),
		RuleSet: r.RuleSet, Verdict: string(r.Verdict), VerdictLabel: r.Verdict.Label(), Score: r.Score,
		Missing: r.Missing, Assumptions: r.Assumptions, Conditions: []ConditionJSON{}}
	for _, c := range r.Conditions {
		j.Conditions = append(j.Conditions, ConditionJSON{c.Code, c.Name, c.Value, c.Threshold, c.Pass, c.Gap, c.Source, c.Assumption, c.Missing})
	}
	return j
}
