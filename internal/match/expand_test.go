package match_test

import (
	"slices"
	"testing"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/textseg"
)

func TestExpand(t *testing.T) {
	tok := textseg.Default()
	if n := len(textseg.RelatedGroups()); n < 100 {
		t.Fatalf("%d related groups, want at least 100", n)
	}
	parts := []match.Weighted{{Text: "氢气储运成本高", Weight: 1}}
	q := match.Expand(tok, match.Query(tok, parts), parts)
	var bottle *match.QueryTerm
	for i := range q {
		if q[i].Text == "储氢瓶" {
			bottle = &q[i]
		}
		if q[i].Related && q[i].Text == "氢气储运" {
			t.Errorf("氢气储运 is in the query and must not be added")
		}
	}
	if bottle == nil || !bottle.Related || !slices.Equal(bottle.Parts, []string{"储氢", "氢瓶"}) {
		t.Fatalf("储氢瓶 not added as a related term of parts 储氢, 氢瓶: %+v", bottle)
	}
	if w := match.KindWeight[textseg.Term] * match.ExpandWeight; bottle.Weight != w {
		t.Errorf("related weight %v, want %v", bottle.Weight, w)
	}
	// A Latin entry matches at word boundaries only: "agv" is not in "agvx".
	for _, text := range []string{"采用agvx系统", "agv"} {
		p := []match.Weighted{{Text: text, Weight: 1}}
		got := false
		for _, x := range match.Expand(tok, match.Query(tok, p), p) {
			got = got || x.Text == "自动导引车"
		}
		if got != (text == "agv") {
			t.Errorf("%q: 自动导引车 added %v", text, got)
		}
	}

	// A term of several parts matches a record only with all of them, at
	// the smaller impact.
	idx := match.NewMemIndex()
	docs := []string{"高压储氢瓶", "气瓶与储氢材料", "储氢罐"}
	for i, d := range docs {
		idx.Add(int64(i+1), match.Index(tok, []match.Weighted{{Text: d, Weight: 1}}))
	}
	only := []match.QueryTerm{*bottle}
	hits, err := match.TextRank(only, idx.Docs(), idx.Lists(match.Texts(only)), 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Doc != 1 || !slices.Equal(hits[0].Matched, []string{"储氢瓶"}) {
		t.Errorf("hits %+v, want record 1 only, matched 储氢瓶", hits)
	}
}
