package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/match"
)

// Corpora of the matching index.
const (
	CorpusAchievements = "a"
	CorpusDemands      = "d"
)

// inChunk is how many values one IN (…) list holds.
const inChunk = 500

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// termIDs returns the ids of terms, adding the missing ones. On PostgreSQL
// the terms table is locked for the transaction, so concurrent indexers
// queue instead of colliding on new ids.
func (t *txn) termIDs(ctx context.Context, terms []string) (map[string]int64, error) {
	ids := make(map[string]int64, len(terms))
	for i := 0; i < len(terms); i += inChunk {
		part := terms[i:min(i+inChunk, len(terms))]
		args := make([]any, len(part))
		for k, x := range part {
			args[k] = x
		}
		rows, err := t.QueryContext(ctx, t.db.Rebind(`SELECT term, id FROM match_terms WHERE term IN (`+placeholders(len(part))+`)`), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var s string
			var id int64
			if err := rows.Scan(&s, &id); err != nil {
				rows.Close()
				return nil, err
			}
			ids[s] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var missing []string
	for _, x := range terms {
		if _, ok := ids[x]; !ok {
			missing = append(missing, x)
		}
	}
	if len(missing) == 0 {
		return ids, nil
	}
	if t.db.Dialect == db.Postgres {
		if _, err := t.ExecContext(ctx, `LOCK TABLE match_terms IN EXCLUSIVE MODE`); err != nil {
			return nil, err
		}
	}
	var next int64
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM match_terms`).Scan(&next); err != nil {
		return nil, err
	}
	rows := make([][]any, len(missing))
	for i, x := range missing {
		next++
		ids[x] = next
		rows[i] = []any{next, x}
	}
	if ok, err := t.copyFrom(ctx, "match_terms", []string{"id", "term"}, rows); ok || err != nil {
		return ids, err
	}
	for _, r := range rows {
		if _, err := t.exec(ctx, `INSERT INTO match_terms (id, term) VALUES (?, ?)`, r...); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// encodeTermIDs writes a record's sorted term ids as varint differences
// (what removeDocs needs to find its postings again).
func encodeTermIDs(ids []int64) []byte {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	b := make([]byte, 0, len(ids)*3)
	var prev int64
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(id-prev))
		prev = id
	}
	return b
}

func decodeTermIDs(b []byte) ([]int64, error) {
	var out []int64
	var prev int64
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, fmt.Errorf("corrupt term list")
		}
		prev += int64(d)
		out = append(out, prev)
		b = b[n:]
	}
	return out, nil
}

type block struct {
	term, no  int64
	n         int
	last      int64
	docs      []byte
	exists    bool
	dirty     bool
	postings  []match.Posting // only when rewritten
	rewritten bool
}

// loadBlocks reads the blocks of terms: all of them when all, else only the
// last (not full) ones, with the highest block number per term.
func (t *txn) loadBlocks(ctx context.Context, systemID int64, corpus string, terms []int64, all bool) (map[int64][]*block, map[int64]int64, error) {
	out := map[int64][]*block{}
	maxNo := map[int64]int64{}
	for i := 0; i < len(terms); i += inChunk {
		part := terms[i:min(i+inChunk, len(terms))]
		args := []any{systemID, corpus}
		for _, x := range part {
			args = append(args, x)
		}
		q := `SELECT term_id, block, n, last_doc, docs FROM match_postings WHERE system_id = ? AND corpus = ? AND term_id IN (` + placeholders(len(part)) + `)`
		if !all {
			q += fmt.Sprintf(` AND n < %d`, match.BlockSize)
		}
		rows, err := t.QueryContext(ctx, t.db.Rebind(q+` ORDER BY term_id, block`), args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			b := &block{exists: true}
			if err := rows.Scan(&b.term, &b.no, &b.n, &b.last, &b.docs); err != nil {
				rows.Close()
				return nil, nil, err
			}
			out[b.term] = append(out[b.term], b)
			maxNo[b.term] = max(maxNo[b.term], b.no)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		if all {
			continue
		}
		rows, err = t.QueryContext(ctx, t.db.Rebind(`SELECT term_id, MAX(block) FROM match_postings WHERE system_id = ? AND corpus = ? AND term_id IN (`+placeholders(len(part))+`) GROUP BY term_id`), args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var term, no int64
			if err := rows.Scan(&term, &no); err != nil {
				rows.Close()
				return nil, nil, err
			}
			maxNo[term] = no
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return out, maxNo, nil
}

// indexedDoc is a record to put in the index: its id, term ids and impacts.
type indexedDoc struct {
	id      int64
	terms   []int64
	impacts []uint8
}

// removeDocs takes documents out of the posting lists of their terms.
func (t *txn) removeDocs(ctx context.Context, systemID int64, corpus string, docs map[int64][]int64) error {
	byTerm := map[int64]map[int64]bool{}
	for doc, terms := range docs {
		for _, term := range terms {
			if byTerm[term] == nil {
				byTerm[term] = map[int64]bool{}
			}
			byTerm[term][doc] = true
		}
	}
	if len(byTerm) == 0 {
		return nil
	}
	terms := make([]int64, 0, len(byTerm))
	for term := range byTerm {
		terms = append(terms, term)
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i] < terms[j] })
	blocks, _, err := t.loadBlocks(ctx, systemID, corpus, terms, true)
	if err != nil {
		return err
	}
	for _, term := range terms {
		var keep []match.Posting
		for _, b := range blocks[term] {
			if err := match.DecodeBlock(b.docs, func(p match.Posting) {
				if !byTerm[term][p.Doc] {
					keep = append(keep, p)
				}
			}); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `DELETE FROM match_postings WHERE system_id = ? AND corpus = ? AND term_id = ?`, systemID, corpus, term); err != nil {
			return err
		}
		for no := 0; no*match.BlockSize < len(keep); no++ {
			part := keep[no*match.BlockSize : min((no+1)*match.BlockSize, len(keep))]
			data, last := match.EncodeBlock(part)
			if _, err := t.exec(ctx, `INSERT INTO match_postings (system_id, corpus, term_id, block, n, last_doc, docs) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				systemID, corpus, term, no, len(part), last, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// addDocs appends documents to the posting lists of their terms, filling
// each term's last block and opening new ones of match.BlockSize.
func (t *txn) addDocs(ctx context.Context, systemID int64, corpus string, docs []indexedDoc) error {
	byTerm := map[int64][]match.Posting{}
	for _, d := range docs {
		for i, term := range d.terms {
			byTerm[term] = append(byTerm[term], match.Posting{Doc: d.id, Impact: d.impacts[i]})
		}
	}
	terms := make([]int64, 0, len(byTerm))
	for term := range byTerm {
		terms = append(terms, term)
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i] < terms[j] })
	open, maxNo, err := t.loadBlocks(ctx, systemID, corpus, terms, false)
	if err != nil {
		return err
	}
	var inserts [][]any
	for _, term := range terms {
		var cur *block
		if bs := open[term]; len(bs) > 0 {
			cur = bs[len(bs)-1]
		}
		for _, p := range byTerm[term] {
			if cur == nil || cur.n >= match.BlockSize {
				if cur != nil {
					if err := t.flushBlock(ctx, systemID, corpus, cur, &inserts); err != nil {
						return err
					}
				}
				no := int64(0)
				if n, ok := maxNo[term]; ok {
					no = n + 1
				}
				maxNo[term] = no
				cur = &block{term: term, no: no}
			}
			cur.docs = match.AppendPosting(cur.docs, cur.last, p)
			cur.last = p.Doc
			cur.n++
			cur.dirty = true
		}
		if err := t.flushBlock(ctx, systemID, corpus, cur, &inserts); err != nil {
			return err
		}
	}
	if len(inserts) == 0 {
		return nil
	}
	if ok, err := t.copyFrom(ctx, "match_postings", []string{"system_id", "corpus", "term_id", "block", "n", "last_doc", "docs"}, inserts); ok || err != nil {
		return err
	}
	for _, r := range inserts {
		if _, err := t.exec(ctx, `INSERT INTO match_postings (system_id, corpus, term_id, block, n, last_doc, docs) VALUES (?, ?, ?, ?, ?, ?, ?)`, r...); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) flushBlock(ctx context.Context, systemID int64, corpus string, b *block, inserts *[][]any) error {
	if b == nil || !b.dirty {
		return nil
	}
	b.dirty = false
	if b.exists {
		_, err := t.exec(ctx, `UPDATE match_postings SET n = ?, last_doc = ?, docs = ? WHERE system_id = ? AND corpus = ? AND term_id = ? AND block = ?`,
			b.n, b.last, b.docs, systemID, corpus, b.term, b.no)
		return err
	}
	*inserts = append(*inserts, []any{systemID, corpus, b.term, b.no, b.n, b.last, b.docs})
	b.exists = true
	return nil
}

// MatchLists returns the posting blocks of terms in a corpus of a system
// (term → blocks in order) and the number of documents in the corpus.
func (s *Store) MatchLists(ctx context.Context, systemID int64, corpus string, terms []string) (map[string][][]byte, int, error) {
	table := "match_achievements"
	if corpus == CorpusDemands {
		table = "match_demands"
	}
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE system_id = ?`, systemID).Scan(&n); err != nil {
		return nil, 0, err
	}
	out := map[string][][]byte{}
	for i := 0; i < len(terms); i += inChunk {
		part := terms[i:min(i+inChunk, len(terms))]
		args := []any{systemID, corpus}
		for _, x := range part {
			args = append(args, x)
		}
		rows, err := s.query(ctx, `SELECT t.term, p.docs FROM match_terms t JOIN match_postings p ON p.term_id = t.id
			WHERE p.system_id = ? AND p.corpus = ? AND t.term IN (`+placeholders(len(part))+`) ORDER BY t.id, p.block`, args...)
		if err != nil {
			return nil, 0, err
		}
		for rows.Next() {
			var term string
			var b []byte
			if err := rows.Scan(&term, &b); err != nil {
				rows.Close()
				return nil, 0, err
			}
			out[term] = append(out[term], b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
	}
	return out, n, nil
}
