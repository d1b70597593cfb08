package disclosure

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// Protect applies primary and secondary suppression to the table and returns
// what may be published. It fails on a malformed table (ragged rows, label
// or total counts that do not match, a published total that is not the sum
// of its cells) or an invalid Config.
//
// Every sensitive cell or total (primary rule) is suppressed; complementary
// suppressions are added until no sensitive value can be recomputed from
// the published figures of the table, and its feasible interval (knowing
// that values are ≥ 0 when they all are) is at least
// cfg.ProtectionPercent % of the value wide. See the package documentation.
func Protect(t Table, cfg Config) (*Published, error) {
	p, _, err := protect(t, cfg, true)
	return p, err
}

func protect(t Table, cfg Config, secondary bool) (*Published, *model, error) {
	if err := cfg.validate(); err != nil {
		return nil, nil, err
	}
	md, err := build(t, cfg)
	if err != nil {
		return nil, nil, err
	}
	if secondary {
		if err := md.secondary(cfg); err != nil {
			return nil, nil, fmt.Errorf("disclosure: table %q: %w", t.Title, err)
		}
	}
	return md.published(t), md, nil
}

// sensitiveItems: the items failing a primary rule, largest first (they are
// the hardest to protect, and the suppressions they bring often protect the
// smaller ones).
func (md *model) sensitiveItems() []int {
	var ks []int
	for e := range md.val {
		if md.sensitive(e) {
			ks = append(ks, e)
		}
	}
	sort.SliceStable(ks, func(a, b int) bool {
		return md.val[ks[a]].Abs().GreaterThan(md.val[ks[b]].Abs())
	})
	return ks
}

// secondary adds complementary suppressions until every sensitive item is
// protected, then checks with the algebraic attacker.
func (md *model) secondary(cfg Config) error {
	for round := 0; ; round++ {
		if err := md.protectAll(cfg); err != nil {
			return err
		}
		k, ok := md.firstDetermined()
		if !ok {
			return nil
		}
		// Not expected (a determined item has no cycle, so it failed the
		// interval check); kept as a safety net: suppress the cheapest
		// published item next to it and protect again.
		e, ok := md.cheapestNeighbour(k)
		if !ok || round > md.items() {
			return fmt.Errorf("cannot protect item %v", k)
		}
		md.unknown[e] = true
	}
}

func (md *model) protectAll(cfg Config) error {
	N := md.items()
	fu := make([]decimal.Decimal, N)
	fd := make([]decimal.Decimal, N)
	for _, k := range md.sensitiveItems() {
		req := md.required(k, cfg)
		for tries := 0; ; tries++ {
			for i := range fu {
				fu[i], fd[i] = decimal.Zero, decimal.Zero
			}
			up, down := md.interval(k, finite(req), fu, fd)
			if protectedBy(up, down, req) {
				break
			}
			if tries > N {
				return fmt.Errorf("item %d not protected after %d rounds", k, tries)
			}
			// The flows are maximal here (they stopped short of req): any
			// augmenting path goes through a published item. Widen the
			// short side by what it lacks, or, if no single path can carry
			// that much, by what one path can.
			upSrc, upDst, dnSrc, dnDst := md.directions(k)
			src, dst, f, have := upSrc, upDst, fu, up
			if up.atLeast(req) && up.add(down).positive() {
				src, dst, f, have = dnSrc, dnDst, fd, down
			}
			need := decimal.Zero
			if !have.atLeast(req) {
				need = req.Sub(have.v)
			}
			add, _, ok := md.cheapestPath(k, src, dst, need, f)
			if !ok && need.IsPositive() {
				add, _, ok = md.cheapestPath(k, src, dst, decimal.Zero, f)
			}
			if !ok || len(add) == 0 {
				return fmt.Errorf("item %d: no complementary suppression found", k)
			}
			for _, e := range add {
				md.unknown[e] = true
			}
		}
	}
	return nil
}

// firstDetermined: a sensitive item whose value the published figures fix.
func (md *model) firstDetermined() (int, bool) {
	det := md.view().determined()
	for e := range md.val {
		if md.sensitive(e) && det[e] {
			return e, true
		}
	}
	return 0, false
}

// cheapestNeighbour: the published non-empty item of least |value| in the
// grid row or column of e, or anywhere if there is none.
func (md *model) cheapestNeighbour(e int) (int, bool) {
	best := -1
	consider := func(x int) {
		if md.unknown[x] || md.empty[x] {
			return
		}
		if best < 0 || md.val[x].Abs().LessThan(md.val[best].Abs()) {
			best = x
		}
	}
	r, c := md.ends(e)
	for _, x := range md.adj[r] {
		consider(x)
	}
	for _, x := range md.adj[c] {
		consider(x)
	}
	if best < 0 {
		for x := range md.val {
			consider(x)
		}
	}
	return best, best >= 0
}
