package textseg

import "testing"

// BenchmarkBuild is the cost of the built-in tokenizer's first use (the
// domain-term trie and stop list): nothing else is loaded, at start-up or
// later.
func BenchmarkBuild(b *testing.B) {
	for i := 0; i < b.N; i++ {
		New(lines(termsTxt), lines(stopsTxt))
	}
}

// BenchmarkTokens tokenises a typical achievement abstract.
func BenchmarkTokens(b *testing.B) {
	t := Default()
	s := "本成果针对废旧动力电池回收中正极材料分离困难的问题，开发了低温焙烧与选择性浸出耦合工艺，锂回收率达到95%以上，已在中试线完成验证，适用于PET、5G等场景。"
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		t.Tokens(s)
	}
}
