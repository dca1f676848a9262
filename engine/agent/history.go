package agent

import (
	"path/filepath"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// History is the run history the agent records into and its dashboard
// and API read: store.Store (bbolt, one machine) or pgstore.Store
// (PostgreSQL, shared by a fleet of agents). Both pass the conformance
// suite in store/storetest.
type History interface {
	Create(r *store.Run) error
	Update(id uint64, fn func(r *store.Run)) (*store.Run, error)
	Get(id uint64) (*store.Run, error)
	List(f store.Filter) ([]*store.Run, error)
	SetPlan(id uint64, p store.Plan) error
	Plan(id uint64) (store.Plan, error)
	AppendLog(id uint64, entries ...store.LogEntry) error
	Log(id uint64) ([]store.LogEntry, error)
	StackStatus(name string) (store.StackStatus, error)
	UpdateStackStatus(name string, fn func(st *store.StackStatus)) error
	Prune(stack string, keep int) (int, error)
	// MarkInterrupted finishes the runs a previous process of this agent
	// left queued or running.
	MarkInterrupted(at time.Time) (int, error)
	// The API tokens and the audit trail (auth.Store).
	CreateToken(t *store.Token) error
	Token(id string) (*store.Token, error)
	Tokens() ([]*store.Token, error)
	RevokeToken(id string, at time.Time) error
	TouchToken(id string, at time.Time) error
	AppendAudit(e *store.AuditEvent) error
	Audit(limit int) ([]*store.AuditEvent, error)
	Close() error
}

var _ History = (*store.Store)(nil)

// openHistory returns the history of opts, or opens the bbolt one in the
// data directory.
func openHistory(opts Options) (History, error) {
	if opts.History != nil {
		return opts.History, nil
	}
	return store.Open(filepath.Join(opts.Config.Server.DataDir, "history.db"))
}
