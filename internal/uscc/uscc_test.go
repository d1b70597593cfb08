package uscc

import (
	"strings"
	"testing"
)

// The codes of ../shared/cases/import/csv/enterprises.expected.json.
func TestCasesCodes(t *testing.T) {
	for _, c := range []string{
		"91500102MA6000001J", "91500102MA6000002M", "91500102MA6000003Q", "91500102MA6000004U",
		"91500102MA6000005Y", "91500102MA60000062", "91500102MA60000075", "91500102MA60000088",
	} {
		if err := Validate(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	err := Validate("91500102MA60000090")
	if err == nil || !strings.Contains(err.Error(), "check character is 0, GB 32100-2015 gives") {
		t.Errorf("bad check digit: %v", err)
	}
}

func TestMalformed(t *testing.T) {
	for code, want := range map[string]string{
		"91500102MA600000":   "has 16 characters",
		"91500102MA6000001I": "position 18 is not allowed",
		"9150010IMA6000001J": "character 'I' at position 8",
		"":                   "has 0 characters",
	} {
		if err := Validate(code); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(%q) = %v, want %q", code, err, want)
		}
	}
	if got := Normalize(" 91500102ma6000001j "); got != "91500102MA6000001J" {
		t.Errorf("Normalize = %q", got)
	}
}

// A check character of 31 − 0 is written 0: find such a prefix by search and
// confirm CheckChar gives '0' and Validate accepts it.
func TestCheckCharWraps(t *testing.T) {
	base := []byte("91500102MA600000")
	for _, c := range []byte(charset) {
		p := string(append(append([]byte{}, base...), c))
		ch, err := CheckChar(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(p + string(ch)); err != nil {
			t.Errorf("%s%c: %v", p, ch, err)
		}
	}
}
