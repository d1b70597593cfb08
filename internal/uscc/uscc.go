// Package uscc validates the unified social credit code (统一社会信用代码) of
// GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》.
//
// A code has 18 characters from the 31-character set 0–9 and A–Y without
// I, O, S, V and Z: registration authority (1), organisation type (1),
// administrative division (6, GB/T 2260), organisation code (9, GB 11714)
// and a check character computed over the first 17 (GB 32100-2015 §4.3).
package uscc

import (
	"fmt"
	"strings"
)

// charset is the code's alphabet; a character's value is its index.
const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// weights are W_i = 3^(i-1) mod 31 for positions 1–17 (GB 32100-2015 §4.3).
var weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// Error says why a code is not valid.
type Error struct {
	Code   string
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("统一社会信用代码 %q: %s", e.Code, e.Reason)
}

// Normalize trims spaces and upper-cases a code as people type it; it does
// not validate.
func Normalize(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// CheckChar returns the check character for the first 17 characters of a
// code: C18 = 31 − (Σ value(Ci)·Wi mod 31), with 31 written as 0.
func CheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, &Error{first17, fmt.Sprintf("need 17 characters before the check character, have %d", len(first17))}
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(charset, first17[i])
		if v < 0 {
			return 0, &Error{first17, fmt.Sprintf("character %q at position %d is not allowed (0–9, A–Y without I, O, S, V, Z)", first17[i], i+1)}
		}
		sum += v * weights[i]
	}
	return charset[(31-sum%31)%31], nil
}

// Validate checks a code (already normalised) and returns an *Error naming
// the problem: length, a character outside the set, or a wrong check
// character (with the expected one).
func Validate(code string) error {
	if len(code) != 18 {
		return &Error{code, fmt.Sprintf("has %d characters, must have 18", len([]rune(code)))}
	}
	want, err := CheckChar(code[:17])
	if err != nil {
		return &Error{code, err.(*Error).Reason}
	}
	if strings.IndexByte(charset, code[17]) < 0 {
		return &Error{code, fmt.Sprintf("character %q at position 18 is not allowed", code[17])}
	}
	if code[17] != want {
		return &Error{code, fmt.Sprintf("check character is %c, GB 32100-2015 gives %c", code[17], want)}
	}
	return nil
}
