package app

import (
	"context"
	"time"

	"github.com/kechuang/kechuang/internal/pipeline"
)

type pipeKey struct {
	system int64
	day    string
}

type pipeEntry struct {
	version string
	snap    *pipeline.Snapshot
}

// Pipeline is the cultivation pipeline (梯度培育) of v's system on day: every
// firm's rung, its screening for the next rung and its expiring
// certificate, from the registry, the reports of the years before day's
// year and the supplied facts (pipeline.Derive). The snapshot is cached
// until the data changes (store.DataVersion), so pages and exports of the
// same day share one screening.
func (a *App) Pipeline(ctx context.Context, v View, day time.Time) (*pipeline.Snapshot, error) {
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	key := pipeKey{v.System.ID, day.Format(time.DateOnly)}
	version, err := a.Store.DataVersion(ctx, v.System.ID)
	if err != nil {
		return nil, err
	}
	a.pipeMu.Lock()
	defer a.pipeMu.Unlock()
	if e, ok := a.pipes[key]; ok && e.version == version {
		return e.snap, nil
	}
	start := time.Now()
	recs, err := a.Store.FirmRecords(ctx, v.System.ID, key.day, day.Year())
	if err != nil {
		return nil, err
	}
	snap := pipeline.Build(recs, day, a.Now())
	snap.Took = time.Since(start) // reading included
	if a.pipes == nil || len(a.pipes) > 16 {
		a.pipes = map[pipeKey]*pipeEntry{}
	}
	a.pipes[key] = &pipeEntry{version, snap}
	return snap, nil
}

// WarmPipeline computes the firms' aggregates of the newest reported period
// (WarmMicro) and builds today's snapshot ahead of the pages (at start and
// after an import), logging how long each took; errors are logged, not
// returned.
func (a *App) WarmPipeline(ctx context.Context, v View) {
	a.WarmMicro(ctx, v)
	s, err := a.Pipeline(ctx, v, a.Now())
	if err != nil {
		a.Log.Warn("pipeline screening failed", "err", err)
		return
	}
	a.Log.Info("pipeline screened", "day", s.Day.Format(time.DateOnly), "firms", len(s.Firms), "took", s.Took.Round(time.Millisecond))
}
