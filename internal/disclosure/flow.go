package disclosure

import (
	"github.com/shopspring/decimal"
)

// capv is a capacity: a non-negative decimal or infinity.
type capv struct {
	inf bool
	v   decimal.Decimal
}

var infinite = capv{inf: true}

func finite(v decimal.Decimal) capv { return capv{v: v} }

func (a capv) positive() bool { return a.inf || a.v.IsPositive() }

// atLeast: a ≥ d.
func (a capv) atLeast(d decimal.Decimal) bool { return a.inf || a.v.GreaterThanOrEqual(d) }

func (a capv) add(b capv) capv {
	if a.inf || b.inf {
		return infinite
	}
	return finite(a.v.Add(b.v))
}

func minCap(a, b capv) capv {
	if a.inf {
		return b
	}
	if b.inf || a.v.LessThan(b.v) {
		return a
	}
	return b
}

// base is the capacity of item e for flow leaving node `from`: how far the
// perturbation may go in that direction before the item turns negative.
// A row→column flow raises z_e, so raises a cell or the grand total and
// lowers a row or column total. Without non-negativity nothing is bounded.
func (md *model) base(e int, fromRow bool) capv {
	if !md.nonneg {
		return infinite
	}
	if (md.sign(e) > 0) == fromRow {
		return infinite
	}
	return finite(md.val[e])
}

// resid is the residual capacity of unknown item e leaving node u under the
// net flow f (row→column positive).
func (md *model) resid(e, u int, f []decimal.Decimal) capv {
	fromRow := md.isRow(u)
	b := md.base(e, fromRow)
	if b.inf {
		return b
	}
	if fromRow {
		return finite(b.v.Sub(f[e]))
	}
	return finite(b.v.Add(f[e]))
}

func (md *model) other(e, u int) int {
	r, c := md.ends(e)
	if u == r {
		return c
	}
	return r
}

func (md *model) push(e, u int, d decimal.Decimal, f []decimal.Decimal) {
	if md.isRow(u) {
		f[e] = f[e].Add(d)
	} else {
		f[e] = f[e].Sub(d)
	}
}

// maxflow from src to dst over the unknown items other than skip, starting
// from the flow f (updated in place; pass zeros), stopping once the flow
// reaches limit when limit is finite. Edmonds–Karp on exact decimals.
func (md *model) maxflow(src, dst, skip int, limit capv, f []decimal.Decimal) capv {
	usable := func(e int) bool { return e != skip && md.unknown[e] }
	// An all-infinite path: unbounded.
	seen := make([]bool, md.nodes())
	queue := []int{src}
	seen[src] = true
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, e := range md.adj[u] {
			if !usable(e) || !md.base(e, md.isRow(u)).inf {
				continue
			}
			w := md.other(e, u)
			if !seen[w] {
				if w == dst {
					return infinite
				}
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	total := decimal.Zero
	via := make([]int, md.nodes())
	for {
		for i := range seen {
			seen[i] = false
		}
		seen[src] = true
		queue = append(queue[:0], src)
		for len(queue) > 0 && !seen[dst] {
			u := queue[0]
			queue = queue[1:]
			for _, e := range md.adj[u] {
				if !usable(e) {
					continue
				}
				w := md.other(e, u)
				if seen[w] || !md.resid(e, u, f).positive() {
					continue
				}
				seen[w] = true
				via[w] = e
				queue = append(queue, w)
			}
		}
		if !seen[dst] {
			return finite(total)
		}
		b := infinite
		for w := dst; w != src; {
			e := via[w]
			u := md.other(e, w)
			b = minCap(b, md.resid(e, u, f))
			w = u
		}
		// b is finite: there is no all-infinite path.
		for w := dst; w != src; {
			e := via[w]
			u := md.other(e, w)
			md.push(e, u, b.v, f)
			w = u
		}
		total = total.Add(b.v)
		if !limit.inf && total.GreaterThanOrEqual(limit.v) {
			return finite(total)
		}
	}
}

// directions of item k: the flow that raises y_k goes from upSrc to upDst
// through the other items, the flow that lowers it from dnSrc to dnDst.
func (md *model) directions(k int) (upSrc, upDst, dnSrc, dnDst int) {
	r, c := md.ends(k)
	if md.sign(k) > 0 {
		return c, r, r, c
	}
	return r, c, c, r
}

// interval: how far the unknown item k can move up and down with every
// published figure kept (and, for a non-negative table, every value ≥ 0).
// The feasible interval an attacker can derive is exactly
// [val − down, val + up]. With a finite limit the flows stop once they
// reach it. fu and fd receive the flows.
func (md *model) interval(k int, limit capv, fu, fd []decimal.Decimal) (up, down capv) {
	upSrc, upDst, dnSrc, dnDst := md.directions(k)
	up = md.maxflow(upSrc, upDst, k, limit, fu)
	down = md.maxflow(dnSrc, dnDst, k, limit, fd)
	if md.nonneg {
		down = minCap(down, finite(md.val[k]))
	}
	return up, down
}

// required: how far item k must be able to move each way (the protection
// level, ProtectionPercent % of |value|).
func (md *model) required(k int, cfg Config) decimal.Decimal {
	return md.val[k].Abs().Mul(cfg.ProtectionPercent).Div(hundred)
}

// protectedBy: the value can move at least req up and at least req down,
// and is not fixed.
func protectedBy(up, down capv, req decimal.Decimal) bool {
	return up.atLeast(req) && down.atLeast(req) && up.add(down).positive()
}

type cost struct {
	v decimal.Decimal
	n int
}

func (a cost) less(b cost) bool {
	if c := a.v.Cmp(b.v); c != 0 {
		return c < 0
	}
	return a.n < b.n
}

// cheapestPath finds the cheapest path from src to dst whose every step can
// carry amount d more (any positive amount when d is zero): through unknown
// items (other than k) at no cost, using their residual under f, or through
// published non-empty items at the cost of suppressing them. It returns the
// published items on the path.
func (md *model) cheapestPath(k, src, dst int, d decimal.Decimal, f []decimal.Decimal) ([]int, cost, bool) {
	V := md.nodes()
	dist := make([]cost, V)
	reached := make([]bool, V)
	done := make([]bool, V)
	via := make([]int, V)
	reached[src] = true
	for {
		u := -1
		for w := 0; w < V; w++ {
			if reached[w] && !done[w] && (u < 0 || dist[w].less(dist[u])) {
				u = w
			}
		}
		if u < 0 {
			return nil, cost{}, false
		}
		if u == dst {
			break
		}
		done[u] = true
		for _, e := range md.adj[u] {
			if e == k || (!md.unknown[e] && md.empty[e]) {
				continue
			}
			var cp capv
			step := cost{v: dist[u].v, n: dist[u].n}
			if md.unknown[e] {
				cp = md.resid(e, u, f)
			} else {
				cp = md.base(e, md.isRow(u))
				step.v = step.v.Add(md.val[e].Abs())
				step.n++
			}
			if !cp.positive() || !cp.atLeast(d) {
				continue
			}
			w := md.other(e, u)
			if done[w] {
				continue
			}
			if !reached[w] || step.less(dist[w]) {
				reached[w] = true
				dist[w] = step
				via[w] = e
			}
		}
	}
	var add []int
	for w := dst; w != src; {
		e := via[w]
		if !md.unknown[e] {
			add = append(add, e)
		}
		w = md.other(e, w)
	}
	return add, dist[dst], true
}
