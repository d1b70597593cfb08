package textseg

import (
	"slices"
	"strings"
	"testing"
)

func texts(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Text)
	}
	return out
}

func has(t *testing.T, text string, want ...string) {
	t.Helper()
	got := texts(Default().Tokens(text))
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%q: tokens %v lack %q", text, got, w)
		}
	}
}

// The traps of issue 6: two-character words, domain terms a general
// dictionary lacks, Latin tokens inside Chinese text, full- and half-width
// forms.
func TestTraps(t *testing.T) {
	has(t, "车规级芯片封装测试", "芯片")
	has(t, "电池", "电池")
	has(t, "以丁二烯为原料直接氢氰化制己二腈", "己二腈", "二腈")
	has(t, "高强氨纶纺丝", "氨纶")
	has(t, "食品级PET瓶片", "pet", "食品级", "瓶片")
	has(t, "面向5G基站的导热材料", "5g", "基站")
	has(t, "食品级ＰＥＴ瓶片", "pet")
	has(t, "５Ｇ通信", "5g")
	has(t, "PA66工程塑料", "pa66")
	has(t, "页岩气井重复压裂", "页岩气", "页岩", "重复压裂")
	has(t, "废旧锂电池", "锂", "锂电池")
}

// A phrase split by other words still gives the parts of the phrase: a
// query 电池回收 and a text 电池……回收 share 电池 and 回收.
func TestSplitPhraseSharesParts(t *testing.T) {
	q := Default().Counts("电池回收")
	d := Default().Counts("退役动力电池的拆解与有价金属回收")
	for _, w := range []string{"电池", "回收"} {
		if q[w] == 0 || d[w] == 0 {
			t.Errorf("%s: query %v, text %v", w, q, d)
		}
	}
	if q["电池回收"] == 0 {
		t.Errorf("domain term 电池回收 not a token of the query: %v", q)
	}
}

// Offsets are rune offsets into the original text, also after width
// folding.
func TestOffsets(t *testing.T) {
	s := "用于ＰＥＴ的催化剂"
	rs := []rune(s)
	for _, tk := range Default().Tokens(s) {
		if got := string(Normalize(string(rs[tk.Start:tk.End]))); got != tk.Text {
			t.Errorf("token %q at %d..%d covers %q", tk.Text, tk.Start, tk.End, got)
		}
	}
	if n := len(Normalize("ＡＢ　c")); n != 4 {
		t.Errorf("normalised length %d", n)
	}
	if got := string(Normalize("ＡＢ　c")); got != "ab c" {
		t.Errorf("normalised %q", got)
	}
}

func TestStopwordsAndKinds(t *testing.T) {
	got := strings.Join(texts(Default().Tokens("我公司希望寻求合作")), " ")
	for _, w := range []string{"希望", "寻求", "合作", "公司"} {
		if strings.Contains(got, w) {
			t.Errorf("stop token %q kept: %s", w, got)
		}
	}
	for text, want := range map[string]Kind{"电池": Bigram, "锂": Unigram, "pet": Latin, "己二腈": Term, "5g基站": Term} {
		if k := KindOf(text); k != want {
			t.Errorf("KindOf(%q) = %d, want %d", text, k, want)
		}
	}
	if Default().Len() < 300 {
		t.Errorf("only %d domain terms", Default().Len())
	}
}
