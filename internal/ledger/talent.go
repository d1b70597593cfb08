package ledger

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Team is an introduced innovation team (科创团队).
type Team struct {
	ID           int64
	Name         string
	Leader       string // the leader's name (public: programme lists print it)
	HostOrg      string // 依托单位
	HostUSCC     string
	Node         string
	IntroducedOn time.Time
	Field        string
	Row          int
}

// Validate checks a team's name and introduction date.
func (t Team) Validate() []Problem {
	var p []Problem
	if strings.TrimSpace(t.Name) == "" {
		p = append(p, Problem{"name", "", "团队名称 is required"})
	}
	if t.IntroducedOn.IsZero() {
		p = append(p, Problem{"introduced_on", "", "引进日期 is required"})
	}
	return p
}

// Person is an introduced person (科创人才).
//
// IDNumber and Phone are personal data (个人信息保护法): the bureau keeps the
// identity document number only to recognise the same person across years
// and programmes, and a phone number to reach them. Both are CONFIDENTIAL:
// never shown on list or public pages, masked (MaskedID) in exports.
type Person struct {
	ID           int64
	Name         string
	IDNumber     string // CONFIDENTIAL
	Phone        string // CONFIDENTIAL
	Team         string // team name, "" for none
	HostOrg      string
	Node         string
	IntroducedOn time.Time
	Education    string // 学历
	Title        string // 职称
	Field        string
	Row          int
}

// Validate checks a person's name, identity number (present, 6–18
// characters of digits and letters) and introduction date.
func (p Person) Validate() []Problem {
	var out []Problem
	if strings.TrimSpace(p.Name) == "" {
		out = append(out, Problem{"name", "", "姓名 is required"})
	}
	id := strings.TrimSpace(p.IDNumber)
	switch n := utf8.RuneCountInString(id); {
	case id == "":
		out = append(out, Problem{"id_number", "", "证件号码 is required (to recognise the same person; kept confidential)"})
	case n < 6 || n > 18 || strings.ContainsFunc(id, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	}):
		out = append(out, Problem{"id_number", MaskID(id), "证件号码 is 6–18 letters and digits"})
	}
	if p.IntroducedOn.IsZero() {
		out = append(out, Problem{"introduced_on", "", "引进日期 is required"})
	}
	return out
}

// MaskID shows only the first 4 and last 4 characters of an identity number
// (500102********1234); shorter numbers show only the last 2.
func MaskID(id string) string {
	r := []rune(id)
	switch {
	case len(r) > 8:
		return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
	case len(r) > 2:
		return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
	}
	return strings.Repeat("*", len(r))
}

// MaskedID is the person's identity number masked (MaskID).
func (p Person) MaskedID() string { return MaskID(p.IDNumber) }

// Award is a programme a person or a team won, e.g. 重庆英才计划 /
// 创业领军人才 / 2022.
type Award struct {
	ID        int64
	Programme string // 重庆英才计划 …
	Category  string // 创业领军人才, 创新创业示范团队 …
	Year      int
	PersonID  string // winner's identity number (CONFIDENTIAL), or
	Team      string // winner team's name
	Winner    string // winner's name, for pages
	Row       int
}

// TeamCategory reports whether a category is won by teams (its name ends
// in 团队).
func TeamCategory(category string) bool {
	return strings.HasSuffix(strings.TrimSpace(category), "团队")
}

// Validate checks an award: programme, category, a plausible year, and one
// winner of the right kind (a team for a 团队 category, else a person).
func (a Award) Validate() []Problem {
	var p []Problem
	if strings.TrimSpace(a.Programme) == "" {
		p = append(p, Problem{"programme", "", "人才计划 is required"})
	}
	if strings.TrimSpace(a.Category) == "" {
		p = append(p, Problem{"category", "", "入选类别 is required"})
	}
	if a.Year < 1990 || a.Year > 2100 {
		p = append(p, Problem{"year", fmt.Sprint(a.Year), "入选年度 is a year"})
	}
	switch {
	case a.PersonID != "" && a.Team != "":
		p = append(p, Problem{"team", a.Team, "an award goes to a person or a team, not both"})
	case a.PersonID == "" && a.Team == "":
		p = append(p, Problem{"winner", "", "name the winner: 入选人证件号码 or 入选团队"})
	case TeamCategory(a.Category) && a.Team == "":
		p = append(p, Problem{"team", "", a.Category + " is won by a team: fill 入选团队"})
	case !TeamCategory(a.Category) && a.PersonID == "":
		p = append(p, Problem{"person_id", "", a.Category + " is won by a person: fill 入选人证件号码"})
	}
	return p
}

// ChongqingTalent reports whether the programme is the Chongqing talent
// programme (“重庆英才”计划).
func ChongqingTalent(programme string) bool { return strings.Contains(programme, "重庆英才") }
