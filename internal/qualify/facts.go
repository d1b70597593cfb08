package qualify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
)

// FirmFacts are one firm's facts for screening, as read from a facts file
// (docs/screening.md). A qualification is screened when its facts are
// given.
type FirmFacts struct {
	USCC     string         `json:"uscc"`
	Name     string         `json:"name"`
	HighTech *HTFacts       `json:"high_tech,omitempty"`
	TechSME  *SMEFacts      `json:"tech_sme,omitempty"`
	Gradient *GradientFacts `json:"gradient,omitempty"`
	// RDAboveRevenueOK says R&D above revenue is real (a young research
	// firm), so CheckFacts does not report it.
	RDAboveRevenueOK bool `json:"rd_above_revenue_ok,omitempty"`
}

// FactsFile is a facts file: {"firms": [FirmFacts, …]}.
type FactsFile struct {
	Firms []FirmFacts `json:"firms"`
}

var plainDate = regexp.MustCompile(`"(\d{4}-\d{2}-\d{2})"`)

// ReadFacts reads a facts file. Keys are the Go field names of the facts
// types (RegisteredOn, Years, Sales …; matched case-insensitively), amounts
// are numbers or strings in yuan, ratios are ratios, dates are "YYYY-MM-DD".
// An unknown key or a wrong type is an error naming the firm (by index and
// credit code) and the field.
func ReadFacts(r io.Reader) (*FactsFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	// time.Time wants RFC 3339: a bare date is a civil date at midnight UTC.
	data = plainDate.ReplaceAll(data, []byte(`"${1}T00:00:00Z"`))
	var raw struct {
		Firms []json.RawMessage `json:"firms"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("facts file: %w", err)
	}
	out := &FactsFile{}
	for i, m := range raw.Firms {
		var f FirmFacts
		d := json.NewDecoder(bytes.NewReader(m))
		d.DisallowUnknownFields()
		if err := d.Decode(&f); err != nil {
			var id struct {
				USCC string `json:"uscc"`
			}
			json.Unmarshal(m, &id)
			return nil, fmt.Errorf("facts file: firm %d (%s): %w", i+1, id.USCC, err)
		}
		out.Firms = append(out.Firms, f)
	}
	return out, nil
}

// Screen screens a firm for every qualification whose facts it has.
func Screen(f FirmFacts) []Result {
	var out []Result
	if f.HighTech != nil {
		out = append(out, ScreenHighTech(*f.HighTech))
	}
	if f.TechSME != nil {
		out = append(out, ScreenTechSME(*f.TechSME))
	}
	if f.Gradient != nil {
		out = append(out, ScreenInnovativeSME(*f.Gradient), ScreenSpecialised(*f.Gradient), ScreenLittleGiant(*f.Gradient))
	}
	return out
}
