package app

// MicroRuns is how many times MicroFigures computed the firms' aggregates
// (rather than answering from its cache or waiting for a computation).
func (a *App) MicroRuns() int64 { return a.microRuns.Load() }
