package model

import "testing"

func TestMembershipActiveOn(t *testing.T) {
	for _, c := range []struct {
		m    Membership
		day  string
		want bool
	}{
		{Membership{}, "2022-10-01", true},                                     // unknown start, still a member
		{Membership{From: "2022-01-01"}, "2021-12-31", false},                  // before it started
		{Membership{From: "2022-01-01"}, "2022-01-01", true},                   // first day counts
		{Membership{From: "2022-01-01", To: "2023-06-30"}, "2023-06-30", true}, // last day counts
		{Membership{From: "2022-01-01", To: "2023-06-30"}, "2023-07-01", false},
	} {
		if got := c.m.ActiveOn(c.day); got != c.want {
			t.Errorf("%+v.ActiveOn(%s) = %v, want %v", c.m, c.day, got, c.want)
		}
	}
}

func TestTargetExclusive(t *testing.T) {
	// policy-rules G1: 超过 excludes the number, 以上 includes it.
	for q, want := range map[string]bool{"突破": true, "超过": true, "达到": false, "以上": false} {
		if got := (Target{Qualifier: q}).Exclusive(); got != want {
			t.Errorf("Exclusive(%s) = %v, want %v", q, got, want)
		}
	}
}
