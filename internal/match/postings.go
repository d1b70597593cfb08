package match

import (
	"encoding/binary"
	"errors"
	"math"
)

// Posting is one document of a term's posting list with the term's impact
// in it: its BM25 term-frequency part, scaled to 1–255.
type Posting struct {
	Doc    int64
	Impact uint8
}

// BlockSize is the most postings one stored block holds.
const BlockSize = 4096

// BM25 parameters. Length normalisation is against a fixed reference length
// (RefLength tokens, about a title and a 150-character abstract) rather than
// the corpus average, so adding a record never changes the stored impacts
// of others.
const (
	K1 = 1.2
	B  = 0.75
)

// RefLength is the reference document length in tokens.
var RefLength = 300

// Impact is the BM25 tf part of a term occurring tf times in a document of
// length tokens, tf·(k1+1)/(tf + k1·(1−b+b·len/ref)) ÷ (k1+1), as 1–255.
func Impact(tf, length int) uint8 {
	if tf <= 0 {
		return 0
	}
	f := float64(tf)
	v := f / (f + K1*(1-B+B*float64(length)/float64(RefLength)))
	q := int(math.Round(v * 255))
	return uint8(max(1, min(255, q)))
}

// AppendPosting appends p to a block whose last document is prev (0 for an
// empty block): the zig-zag varint difference of the document ids, then the
// impact byte.
func AppendPosting(b []byte, prev int64, p Posting) []byte {
	b = binary.AppendVarint(b, p.Doc-prev)
	return append(b, p.Impact)
}

// ErrCorruptBlock is returned for a block that does not decode.
var ErrCorruptBlock = errors.New("match: corrupt posting block")

// DecodeBlock calls fn for every posting of a block in order.
func DecodeBlock(b []byte, fn func(Posting)) error {
	var doc int64
	for len(b) > 0 {
		d, n := binary.Varint(b)
		if n <= 0 || n >= len(b) {
			return ErrCorruptBlock
		}
		doc += d
		fn(Posting{Doc: doc, Impact: b[n]})
		b = b[n+1:]
	}
	return nil
}

// EncodeBlock encodes postings as one block; it returns the block and its
// last document.
func EncodeBlock(ps []Posting) ([]byte, int64) {
	b := make([]byte, 0, len(ps)*3)
	var prev int64
	for _, p := range ps {
		b = AppendPosting(b, prev, p)
		prev = p.Doc
	}
	return b, prev
}

// DocTerms are the distinct tokens of a document with their impacts, and
// its length in tokens.
type DocTerms struct {
	Terms   []string
	Impacts []uint8
	Length  int
}
