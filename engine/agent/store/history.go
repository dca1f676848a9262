package store

import "time"

// History is everything the agent records and reads: runs, their plans
// and logs, stack status, API tokens, the audit trail and pull-request locks. Store (bbolt,
// one machine) and pgstore.Store (PostgreSQL, shared by a fleet) both
// implement it and pass the suite in storetest.
type History interface {
	Create(r *Run) error
	Update(id uint64, fn func(r *Run)) (*Run, error)
	Get(id uint64) (*Run, error)
	List(f Filter) ([]*Run, error)
	SetPlan(id uint64, p Plan) error
	Plan(id uint64) (Plan, error)
	AppendLog(id uint64, entries ...LogEntry) error
	Log(id uint64) ([]LogEntry, error)
	StackStatus(name string) (StackStatus, error)
	UpdateStackStatus(name string, fn func(st *StackStatus)) error
	Prune(stack string, keep int) (int, error)
	// MarkInterrupted finishes the runs a previous process of this agent
	// left queued or running.
	MarkInterrupted(at time.Time) (int, error)
	CreateToken(t *Token) error
	// Token returns the token or ErrTokenNotFound.
	Token(id string) (*Token, error)
	Tokens() ([]*Token, error)
	RevokeToken(id string, at time.Time) error
	TouchToken(id string, at time.Time) error
	AppendAudit(e *AuditEvent) error
	Audit(limit int) ([]*AuditEvent, error)
	// LockStack, StackLock, Locks, UnlockStack and UnlockPR keep the
	// stacks' pull-request locks (see Lock).
	LockStack(l *Lock) (held *Lock, ok bool, err error)
	StackLock(stack string) (*Lock, error)
	Locks() ([]*Lock, error)
	UnlockStack(stack string) (*Lock, error)
	UnlockPR(forge, repo string, pr int) ([]*Lock, error)
	// Subscribe returns a channel that receives (coalesced, see
	// Broadcast) after run id's record, plan or log changed, by this
	// process or, for a shared store, another agent; cancel ends it.
	Subscribe(id uint64) (changed <-chan struct{}, cancel func())
	Close() error
}

var _ History = (*Store)(nil)
