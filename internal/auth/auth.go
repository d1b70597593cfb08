// Package auth holds kechuang's accounts model: roles and their data
// scopes, argon2id password hashing, session tokens and login throttling.
// It is pure (no database, no HTTP); the store keeps users, sessions and the
// audit log, the web package enforces the rules on every route.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Role is what a user may do and see.
type Role string

const (
	Admin       Role = "admin"       // 系统管理员: everything, accounts, audit log
	Analyst     Role = "analyst"     // 科技局统计分析人员: the whole district, all data
	Officer     Role = "officer"     // 载体（园区）工作人员: their node and its children
	Reporter    Role = "reporter"    // 企业填报人员: their own organisation only
	Institution Role = "institution" // 高校院所用户: their achievements and contracts
	Leader      Role = "leader"      // 领导: the dashboard, read-only
	Public      Role = "public"      // 公众: the published view only (no account)
)

// Roles are the roles an account can have (Public is the absence of one).
var Roles = []Role{Admin, Analyst, Officer, Reporter, Institution, Leader}

// Label is the Chinese name of the role.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "系统管理员"
	case Analyst:
		return "统计分析人员"
	case Officer:
		return "载体工作人员"
	case Reporter:
		return "企业填报人员"
	case Institution:
		return "高校院所用户"
	case Leader:
		return "领导"
	}
	return "公众"
}

// Valid reports whether r is an account role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Confidential reports whether the role may see firms' confidential
// figures (micro-data and aggregates without disclosure control) within its
// scope: administrators, analysts, park officers and leaders — the bureau
// and the committee. Reporters see their own firm's figures only; the others
// see published and disclosure-controlled figures.
func (r Role) Confidential() bool {
	return r == Admin || r == Analyst || r == Officer || r == Leader
}

// Principal is who makes a request.
type Principal struct {
	UserID    int64
	Login     string
	Name      string
	Role      Role
	Node      string // node code of an officer's scope
	OrgID     int64  // organisation of a reporter or institution user
	OrgUSCC   string
	OrgName   string
	MustReset bool // must change the password before anything else
	// District is the system code of the district the account belongs to;
	// "" for an installation-level account, which may choose any district.
	District string
}

// Anonymous is the principal of a request without a session.
var Anonymous = Principal{Role: Public}

// Argon2id parameters (RFC 9106 §4, second recommended option: 64 MiB, 3
// passes), 2 lanes, 16-byte salt, 32-byte key.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns the argon2id PHC string of password:
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash> (unpadded base64).
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC string (in
// constant time; the parameters are read from the string).
func CheckPassword(phc, password string) bool {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// ErrWeakPassword is returned by CheckPolicy.
var ErrWeakPassword = errors.New("weak password")

// CheckPolicy checks a new password: at least 10 characters, at least
// three of the four classes (lower case, upper case, digits, other), and
// not containing the login.
func CheckPolicy(login, password string) error {
	if utf8.RuneCountInString(password) < 10 {
		return fmt.Errorf("%w: 至少10个字符", ErrWeakPassword)
	}
	var lower, upper, digit, other bool
	for _, r := range password {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			n++
		}
	}
	if n < 3 {
		return fmt.Errorf("%w: 须含小写字母、大写字母、数字、其他字符中的至少三类", ErrWeakPassword)
	}
	if login != "" && strings.Contains(strings.ToLower(password), strings.ToLower(login)) {
		return fmt.Errorf("%w: 不得包含登录名", ErrWeakPassword)
	}
	return nil
}

// RandomPassword makes a password meeting CheckPolicy, for first
// administrators and resets (shown once, to be changed at first login).
func RandomPassword() (string, error) {
	// 18 random bytes are 24 base64 characters (144 bits): letters of both
	// cases, digits, - and _. The rare draw without three classes is
	// drawn again (no fixed characters).
	b := make([]byte, 18)
	for {
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		pw := base64.RawURLEncoding.EncodeToString(b)
		if CheckPolicy("", pw) == nil {
			return pw, nil
		}
	}
}

// OneTimePassword makes a RandomPassword and its HashPassword, for a new or
// reset account (shown once, changed at the next sign-in).
func OneTimePassword() (password, hash string, err error) {
	if password, err = RandomPassword(); err != nil {
		return "", "", err
	}
	hash, err = HashPassword(password)
	return password, hash, err
}

// NewToken returns a session token (32 random bytes, hex) and the hash the
// store keeps (SHA-256, hex).
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = hex.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash is the stored form of a session token.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Throttle slows password guessing: after Free failed logins for a login
// name (FreeAddr from one address, higher: colleagues behind one NAT
// share it) within Window, further attempts are refused until the lock
// expires; each failure beyond the free ones doubles the lock, from Base up
// to Max. A success clears the login's count.
type Throttle struct {
	Free      int
	FreeAddr  int
	Window    time.Duration
	Base, Max time.Duration
	mu        sync.Mutex
	fails     map[string]*failures
}

type failures struct {
	n     int
	first time.Time
	until time.Time
}

// NewThrottle returns the default throttle: 5 free failures per login (50
// per address) in 15 minutes, then locks of 1 minute doubling up to 1 hour.
func NewThrottle() *Throttle {
	return &Throttle{Free: 5, FreeAddr: 50, Window: 15 * time.Minute, Base: time.Minute, Max: time.Hour, fails: map[string]*failures{}}
}

// Allowed reports whether an attempt for login from addr may proceed at
// now, and if not, until when it is locked.
func (t *Throttle) Allowed(login, addr string, now time.Time) (bool, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range []string{"u:" + strings.ToLower(login), "a:" + addr} {
		if f := t.fails[k]; f != nil && now.Before(f.until) {
			return false, f.until
		}
	}
	return true, time.Time{}
}

// Failed records a failed attempt.
func (t *Throttle) Failed(login, addr string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range []string{"u:" + strings.ToLower(login), "a:" + addr} {
		f := t.fails[k]
		if f == nil || now.Sub(f.first) > t.Window && now.After(f.until) {
			f = &failures{first: now}
			t.fails[k] = f
		}
		f.n++
		free := t.Free
		if strings.HasPrefix(k, "a:") {
			free = t.FreeAddr
		}
		if f.n > free {
			lock := t.Base << min(f.n-free-1, 20)
			if lock > t.Max || lock <= 0 {
				lock = t.Max
			}
			f.until = now.Add(lock)
		}
	}
}

// Succeeded clears the failures of login (not of the address).
func (t *Throttle) Succeeded(login string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, "u:"+strings.ToLower(login))
}

// CheckScope checks that an account's role and scope agree: an officer has
// a node and no organisation, a reporter or institution user an
// organisation and no node, the others neither (they see the district).
func CheckScope(role Role, node, org string) error {
	if !role.Valid() {
		return fmt.Errorf("未知角色 %q（admin, analyst, officer, reporter, institution, leader）", role)
	}
	switch role {
	case Officer:
		if node == "" || org != "" {
			return errors.New("载体工作人员须指定所属节点，且不关联机构")
		}
	case Reporter, Institution:
		if org == "" || node != "" {
			return fmt.Errorf("%s须关联一个机构（统一社会信用代码或机构编码），且不指定节点", role.Label())
		}
	default:
		if node != "" || org != "" {
			return fmt.Errorf("%s的数据范围为全区，不指定节点或机构", role.Label())
		}
	}
	return nil
}
