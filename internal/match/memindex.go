package match

// MemIndex is an inverted index held in memory, with the same blocks the
// store keeps (one block per term here): tests and benchmarks rank with it
// exactly as the app ranks with the store's posting lists.
type MemIndex struct {
	lists map[string][]byte
	last  map[string]int64
	docs  int
}

// NewMemIndex returns an empty index.
func NewMemIndex() *MemIndex {
	return &MemIndex{lists: map[string][]byte{}, last: map[string]int64{}}
}

// Add indexes a document; ids must be added in increasing order.
func (m *MemIndex) Add(id int64, dt DocTerms) {
	for i, t := range dt.Terms {
		m.lists[t] = AppendPosting(m.lists[t], m.last[t], Posting{Doc: id, Impact: dt.Impacts[i]})
		m.last[t] = id
	}
	m.docs++
}

// Docs is the number of documents.
func (m *MemIndex) Docs() int { return m.docs }

// Lists returns the posting blocks of the terms.
func (m *MemIndex) Lists(terms []string) map[string][][]byte {
	out := make(map[string][][]byte, len(terms))
	for _, t := range terms {
		if b, ok := m.lists[t]; ok {
			out[t] = [][]byte{b}
		}
	}
	return out
}
