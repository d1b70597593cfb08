package app

import (
	"fmt"

	"github.com/kechuang/kechuang/internal/match"
)

// FactorJSON is a factor of a recommendation as the CLI and the API print
// it.
type FactorJSON struct {
	Code    string  `json:"code"`
	Label   string  `json:"label"`
	Weight  float64 `json:"weight"`
	Value   float64 `json:"value"`
	Counted bool    `json:"counted"`
	Points  string  `json:"points"`
	Note    string  `json:"note"`
}

// RecommendationJSON is a recommendation as the CLI and the API print it:
// the other side's record, the score out of 100, the matched terms and the
// factors.
type RecommendationJSON struct {
	Rank         int          `json:"rank"`
	Score        string       `json:"score"`
	ID           int64        `json:"id"`
	Code         string       `json:"code"`
	Kind         string       `json:"kind"`
	Title        string       `json:"title"`
	Party        string       `json:"party"` // owner of an achievement, firm of a demand
	Field        string       `json:"field"`
	Region       string       `json:"region"`
	MatchedTerms []string     `json:"matched_terms"`
	Factors      []FactorJSON `json:"factors"`
}

// RecommendationsJSON turns recommendations into their JSON form; reverse
// is true for demands recommended for an achievement.
func RecommendationsJSON(recs []match.Recommendation, reverse bool) []RecommendationJSON {
	out := make([]RecommendationJSON, 0, len(recs))
	for i, r := range recs {
		j := RecommendationJSON{Rank: i + 1, Score: fmt.Sprintf("%.1f", r.Score), MatchedTerms: r.Terms}
		if j.MatchedTerms == nil {
			j.MatchedTerms = []string{}
		}
		if reverse {
			d := r.Demand
			j.ID, j.Code, j.Kind, j.Title, j.Party, j.Field, j.Region = d.ID, d.Code, "demand", d.Title, d.Firm, d.Field, d.Region
		} else {
			a := r.Achievement
			j.ID, j.Code, j.Kind, j.Title, j.Party, j.Field, j.Region = a.ID, a.Code, a.Kind, a.Title, a.Owner, a.Field, a.Region
		}
		for _, f := range r.Factors {
			j.Factors = append(j.Factors, FactorJSON{Code: f.Code, Label: f.Label, Weight: f.Weight, Value: round3(f.Value), Counted: f.Counted,
				Points: fmt.Sprintf("%.1f", f.Points()), Note: f.Note})
		}
		out = append(out, j)
	}
	return out
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
