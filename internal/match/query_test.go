package match_test

import (
	"testing"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/textseg"
)

// A number written as a quantity (3000吨, 90%, 12小时, 2.5万元) is not a
// query term: a demand's 3000吨 must not match an achievement's 3000小时
// (found by looking at a demand page). Numbers that name something stay:
// 304不锈钢, 5G, PA66, 尼龙6.
func TestQuantitiesAreNotQueryTerms(t *testing.T) {
	q := match.Query(textseg.Default(), []match.Weighted{{Text: "每年产生废旧泡沫约3000吨，回收率90%，连续运行12小时，预算2.5万元；304不锈钢反应釜，5G专网，PA66与尼龙6切片", Weight: 1}})
	got := map[string]bool{}
	for _, x := range q {
		got[x.Text] = true
	}
	for _, gone := range []string{"3000", "90", "12", "2"} {
		if got[gone] {
			t.Errorf("quantity %q is a query term", gone)
		}
	}
	for _, kept := range []string{"304", "5g", "pa66", "尼龙6", "不锈"} {
		if !got[kept] {
			t.Errorf("%q is not a query term", kept)
		}
	}
}
