package web_test

import (
	"testing"

	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

func matchPeriod(t *testing.T, s string) period.Period {
	p, err := period.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func matchFilter() store.MatchFilter { return store.MatchFilter{} }
