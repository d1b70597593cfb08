// Package app ties the store and the domain packages together for the CLI and
// the web server: opening and seeding the database, resolving scopes, and
// assembling target assessments and bulletins. It holds no SQL and no HTTP.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/attainment"
	"github.com/kechuang/kechuang/internal/bulletin"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
	"golang.org/x/sync/singleflight"
)

// App is an open kechuang installation.
type App struct {
	DB    *db.DB
	Store *store.Store
	Log   *slog.Logger
	// Now gives the current time; tests replace it.
	Now func() time.Time
	// ReportIndicators is the catalogue of indicators firms report
	// (datasets/catalogue/reports.yaml), with the column aliases imports use.
	ReportIndicators []model.Indicator
	// DataDir holds local files: the SQLite database, kept uploads.
	DataDir string
	// live holds the rows read so far by running imports (id → rows).
	live sync.Map
	// pipes caches pipeline snapshots (see Pipeline); micro the firms'
	// aggregates (see MicroFigures).
	pipeMu      sync.Mutex
	pipes       map[pipeKey]*pipeEntry
	microMu     sync.Mutex
	micro       map[microKey]microEntry
	microFlight singleflight.Group
	// region caches each district's root totals for the region view (see
	// districtTotals).
	regionMu sync.Mutex
	region   map[regionKey]regionEntry
	// periods caches DefaultReportPeriod per district (system id →
	// periodEntry); periodFlight lets concurrent requests share one
	// computation.
	periods      sync.Map
	periodFlight singleflight.Group
	microRuns    atomic.Int64 // computations of MicroFigures, for tests
	// System is the code of the system View shows when asked for "" (from
	// config.Config.System; empty: the only one).
	System string
}

// Open opens (and migrates) the configured database. With cfg.Seed, a
// database without any system gets the built-in Fuling dataset.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, err
	}
	a := &App{DB: d, Store: store.New(d), Log: log, Now: time.Now, System: cfg.System, DataDir: cfg.DataDir}
	if a.ReportIndicators, err = reportCatalogue(); err != nil {
		d.Close()
		return nil, err
	}
	if err := a.Store.UpsertIndicators(ctx, a.ReportIndicators); err != nil {
		d.Close()
		return nil, err
	}
	if n, err := a.Store.MarkInterruptedImports(ctx, a.Now()); err != nil {
		d.Close()
		return nil, err
	} else if n > 0 {
		log.Warn("imports interrupted by an earlier stop marked failed; their data was not written", "count", n)
	}
	if cfg.Seed {
		systems, err := a.Store.Systems(ctx)
		if err != nil {
			d.Close()
			return nil, err
		}
		if len(systems) == 0 {
			sum, err := a.LoadDataset(ctx, datasets.FS, datasets.Fuling)
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("load the built-in Fuling dataset: %w", err)
			}
			log.Info("loaded the built-in dataset", "summary", sum.String())
		}
	}
	return a, nil
}

func reportCatalogue() ([]model.Indicator, error) {
	b, err := fs.ReadFile(datasets.FS, datasets.ReportCatalogue)
	if err != nil {
		return nil, err
	}
	return dataset.ParseIndicators(datasets.ReportCatalogue, b)
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// LoadDataset checks the dataset in dir of fsys and writes it in one
// transaction; on any problem nothing is written.
func (a *App) LoadDataset(ctx context.Context, fsys fs.FS, dir string) (store.LoadSummary, error) {
	ds, err := dataset.Load(fsys, dir)
	if err != nil {
		return store.LoadSummary{}, err
	}
	return a.Store.LoadDataset(ctx, ds)
}

// View is a system with its nodes, the common context of every page.
type View struct {
	System model.System
	Nodes  []model.Node // tree order
}

// Node returns the node with the code.
func (v View) Node(code string) (model.Node, bool) {
	for _, n := range v.Nodes {
		if n.Code == code {
			return n, true
		}
	}
	return model.Node{}, false
}

// Children returns the direct children of a node, in order.
func (v View) Children(code string) []model.Node {
	var out []model.Node
	for _, n := range v.Nodes {
		if n.ParentCode == code {
			out = append(out, n)
		}
	}
	return out
}

// Descendants returns the nodes below code, in tree order (not code itself).
func (v View) Descendants(code string) []model.Node {
	below := map[string]bool{code: true}
	var out []model.Node
	for _, n := range v.Nodes { // parents come first
		if below[n.ParentCode] {
			below[n.Code] = true
			out = append(out, n)
		}
	}
	return out
}

// Root returns the root node (the district).
func (v View) Root() model.Node {
	for _, n := range v.Nodes {
		if n.ParentCode == "" {
			return n
		}
	}
	return model.Node{}
}

// Resolve finds a node by code, name, full name or bulletin label
// (涪陵区, fl-htz, 涪陵高新区, 全区).
func (v View) Resolve(s string) (model.Node, error) {
	s = strings.TrimSpace(s)
	for _, n := range v.Nodes {
		if n.Code == s || n.Name == s || (n.FullName != "" && n.FullName == s) || (n.Label != "" && n.Label == s) || slices.Contains(n.Aliases, s) {
			return n, nil
		}
	}
	names := make([]string, 0, len(v.Nodes))
	for _, n := range v.Nodes {
		names = append(names, n.Name)
	}
	return model.Node{}, fmt.Errorf("scope %q is not a node of %s (nodes: %s): %w", s, v.System.Name, strings.Join(names, "、"), store.ErrNotFound)
}

// ErrNoSystem is returned when the database holds no system yet.
var ErrNoSystem = errors.New("the database holds no innovation system yet: run `kechuang dataset load DIR` or start without --no-seed")

// View loads the system named by code, or when code is "" the district of
// the request (WithDistrict), else the configured one (a.System), or the
// only one.
func (a *App) View(ctx context.Context, code string) (View, error) {
	if code == "" {
		code = DistrictFrom(ctx)
	}
	if code == "" {
		code = a.System
	}
	systems, err := a.Store.Systems(ctx)
	if err != nil {
		return View{}, err
	}
	if len(systems) == 0 {
		return View{}, ErrNoSystem
	}
	sys, err := a.Store.System(ctx, code)
	if err != nil {
		return View{}, err
	}
	nodes, err := a.Store.Nodes(ctx, sys.ID)
	if err != nil {
		return View{}, err
	}
	return View{System: sys, Nodes: nodes}, nil
}

// Assessments evaluates every target of the system against its observations
// as of asOf.
func (a *App) Assessments(ctx context.Context, v View, asOf time.Time) ([]attainment.Assessment, error) {
	targets, err := a.Store.Targets(ctx, v.System.ID)
	if err != nil {
		return nil, err
	}
	obs, err := a.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID})
	if err != nil {
		return nil, err
	}
	return attainment.Assess(targets, obs, asOf, attainment.DefaultAtRiskMargin), nil
}

// Bulletin builds the bulletin of a scope (code or name) for a period, with
// target progress judged as of asOf.
func (a *App) Bulletin(ctx context.Context, v View, scope string, p period.Period, asOf time.Time) (bulletin.Bulletin, error) {
	return a.BulletinFor(ctx, v, scope, p, asOf, true)
}

// BulletinFor is Bulletin; without confidential, the ledgers' aggregates
// (computed from firms' records, not disclosure-controlled) are left out and
// only the bureau's published figures are used.
func (a *App) BulletinFor(ctx context.Context, v View, scope string, p period.Period, asOf time.Time, confidential bool) (bulletin.Bulletin, error) {
	n, err := v.Resolve(scope)
	if err != nil {
		return bulletin.Bulletin{}, err
	}
	obs, err := a.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID, EndFrom: p.End(), EndTo: p.End()})
	if err != nil {
		return bulletin.Bulletin{}, err
	}
	if !confidential {
		kept := obs[:0]
		for _, o := range obs {
			if !strings.HasPrefix(o.SourceCode, "ledger-") {
				kept = append(kept, o)
			}
		}
		obs = kept
	}
	as, err := a.Assessments(ctx, v, asOf)
	if err != nil {
		return bulletin.Bulletin{}, err
	}
	in := bulletin.Input{Nodes: v.Nodes, Scope: n.Code, Period: p, Observations: obs, Assessments: as, AsOf: asOf}
	if p.IsFlow() && n.ParentCode == "" {
		f, err := a.MatchFunnel(ctx, v, p)
		if err != nil {
			return bulletin.Bulletin{}, err
		}
		m := &bulletin.MatchFunnel{Demands: f.Demands, Recommended: f.Recommended, Contacted: f.Contacted,
			Declined: f.Declined, Agreed: f.Agreed, Contracts: f.Contracts}
		if len(f.RegistrationNos) > 0 {
			sum, found, _, err := a.Store.LinkedTransactionValue(ctx, v.System.ID, f.RegistrationNos)
			if err != nil {
				return bulletin.Bulletin{}, err
			}
			if found > 0 {
				m.TransactionValue, m.Valued = &sum, found
			}
		}
		in.Matching = m
	}
	return bulletin.Build(in)
}

type districtKey struct{}

// WithDistrict returns ctx carrying the system code of the district a
// request works in (the web server sets it from the signed-in account or
// the district an installation-level user chose); View with code ""
// then returns that district instead of the default system.
func WithDistrict(ctx context.Context, code string) context.Context {
	return context.WithValue(ctx, districtKey{}, code)
}

// DistrictFrom is the district set by WithDistrict, "" when none.
func DistrictFrom(ctx context.Context) string {
	s, _ := ctx.Value(districtKey{}).(string)
	return s
}
