package app

import (
	"context"
	"os/user"
)

type actorKey struct{}

type actor struct{ login, ip string }

// WithActor records who acts (an account's login) and from where, for the
// audit entries of the writes made with ctx.
func WithActor(ctx context.Context, login, ip string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor{login, ip})
}

// actorOf is the acting login and address: WithActor's, or "cli:<os user>"
// for the command line.
func actorOf(ctx context.Context) (string, string) {
	if a, ok := ctx.Value(actorKey{}).(actor); ok {
		return a.login, a.ip
	}
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return "cli:" + name, ""
}

// audit appends an entry for a write made with ctx (errors are logged: the
// write itself has happened).
func (a *App) audit(ctx context.Context, action, entity, entityID string, before, after any, via string) {
	login, ip := actorOf(ctx)
	if err := a.Store.Audit(context.WithoutCancel(ctx), a.Now(), login, action, entity, entityID, before, after, via, ip); err != nil {
		a.Log.Error("audit log write failed", "action", action, "err", err)
	}
}
