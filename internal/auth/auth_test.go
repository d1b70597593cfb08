package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("Fuling-2026-keji")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") || len(strings.Split(h, "$")) != 6 {
		t.Errorf("PHC string %s", h)
	}
	if !CheckPassword(h, "Fuling-2026-keji") || CheckPassword(h, "Fuling-2026-kejI") || CheckPassword(h, "") {
		t.Error("check accepts a wrong password or refuses the right one")
	}
	h2, _ := HashPassword("Fuling-2026-keji")
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA", "$argon2id$v=19$m=0,t=3,p=2$c2FsdA$aGFzaA"} {
		if CheckPassword(bad, "x") {
			t.Errorf("malformed %q accepted", bad)
		}
	}
	pw, hash, err := OneTimePassword()
	if err != nil || CheckPolicy("admin", pw) != nil || !CheckPassword(hash, pw) {
		t.Errorf("one-time password %q: %v, policy %v", pw, err, CheckPolicy("admin", pw))
	}
}

func TestPolicy(t *testing.T) {
	for pw, ok := range map[string]bool{
		"short-A1":          false, // 8 characters
		"abcdefghijk":       false, // one class
		"abcdefgh12":        false, // two classes
		"abcdefgh1-":        true,  // lower, digit, other: 10 characters
		"Wang2026-password": false, // contains the login wang (any case)
		"Fuling-2026-keji":  true,
	} {
		if err := CheckPolicy("wang", pw); (err == nil) != ok {
			t.Errorf("%q: %v, want ok=%v", pw, err, ok)
		}
	}
}

// Five free failures per login, then a lock of 1 minute doubling per
// failure; an address has 50 free; a success clears the login.
func TestThrottle(t *testing.T) {
	th := NewThrottle()
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		th.Failed("wang", "10.0.0.1", t0)
	}
	if ok, _ := th.Allowed("wang", "10.0.0.1", t0); !ok {
		t.Fatal("locked after 5 failures")
	}
	th.Failed("wang", "10.0.0.1", t0)
	if ok, until := th.Allowed("Wang", "10.0.0.2", t0); ok || !until.Equal(t0.Add(time.Minute)) {
		t.Errorf("6th failure: allowed %v until %v, want locked 1 minute (login names case-insensitive)", ok, until)
	}
	th.Failed("wang", "10.0.0.1", t0)
	if _, until := th.Allowed("wang", "10.0.0.3", t0); !until.Equal(t0.Add(2 * time.Minute)) {
		t.Errorf("7th failure: locked until %v, want 2 minutes", until)
	}
	if ok, _ := th.Allowed("li", "10.0.0.1", t0); !ok {
		t.Error("the address is locked after 7 failures (50 are free)")
	}
	if ok, _ := th.Allowed("wang", "10.0.0.1", t0.Add(3*time.Minute)); !ok {
		t.Error("still locked after the lock expired")
	}
	th.Succeeded("wang")
	th.Failed("wang", "10.0.0.9", t0.Add(4*time.Minute))
	if ok, _ := th.Allowed("wang", "10.0.0.9", t0.Add(4*time.Minute)); !ok {
		t.Error("a success did not clear the login's failures")
	}
	for i := 0; i < 51; i++ {
		th.Failed("user"+string(rune('a'+i%26))+string(rune('a'+i/26)), "10.9.9.9", t0)
	}
	if ok, _ := th.Allowed("someone", "10.9.9.9", t0); ok {
		t.Error("51 failures from one address do not lock it")
	}
}

func TestCheckScope(t *testing.T) {
	for _, c := range []struct {
		role      Role
		node, org string
		ok        bool
	}{
		{Officer, "baitao", "", true}, {Officer, "", "", false}, {Officer, "baitao", "91500102MA6000001J", false},
		{Reporter, "", "91500102MA6000001J", true}, {Reporter, "baitao", "91500102MA6000001J", false}, {Institution, "", "", false},
		{Analyst, "", "", true}, {Analyst, "baitao", "", false}, {Role("boss"), "", "", false},
	} {
		if err := CheckScope(c.role, c.node, c.org); (err == nil) != c.ok {
			t.Errorf("%s %q %q: %v", c.role, c.node, c.org, err)
		}
	}
}
