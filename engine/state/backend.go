package state

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Backend stores one stack's state document under a lock.
//
// A Backend remembers the version of the document it last read or wrote,
// and Write is conditional on it: when another writer changed the document
// since, Write fails with ErrStale and changes nothing. Write also refuses a
// document with another lineage or a lower serial than the stored one.
type Backend interface {
	// Read returns the stored state, or nil with no error when none exists.
	Read(ctx context.Context) (*State, error)
	// Write stores s, conditional on the version last read or written.
	Write(ctx context.Context, s *State) error
	// Lock takes the state lock for info.Operation. When another holder has
	// it and its lease has not expired, Lock returns a *LockError naming the
	// holder. It returns the lock ID to pass to Unlock and Renew.
	Lock(ctx context.Context, info *LockInfo) (string, error)
	// Renew extends the lease of the lock with ID id.
	Renew(ctx context.Context, id string) error
	// Unlock releases the lock with ID id. Unlocking a lock held under
	// another ID fails with a *LockError.
	Unlock(ctx context.Context, id string) error
	// LockInfo returns the current lock holder, or nil when unlocked.
	LockInfo(ctx context.Context) (*LockInfo, error)
	// String names the backend and where it stores state, for messages:
	// `local backend "terraform.tfstate"`, `s3 backend "s3://bucket/key"`.
	String() string
}

// HolderBlind is implemented by a Backend whose protocol cannot tell who
// holds its lock (http): its LockInfo knows only a lock it took itself,
// so force-unlock asks it to release the ID it is given, and the
// endpoint decides.
type HolderBlind interface{ HolderBlind() }

// ErrStale means the stored state changed since it was read, or has
// another lineage or a higher serial: the write was refused.
var ErrStale = errors.New("stored state changed since it was read")

// LockInfo describes a lock holder.
type LockInfo struct {
	ID        string    `json:"ID"`
	Operation string    `json:"Operation"`
	Who       string    `json:"Who"`
	PID       int       `json:"PID,omitempty"`
	Version   string    `json:"Version"`
	Created   time.Time `json:"Created"`
	// Expires is when the lease runs out unless renewed; zero means never.
	Expires time.Time `json:"Expires,omitzero"`
	// Renewed is when the lease was last extended; zero if never. The
	// lease length is Expires minus Renewed (or Created).
	Renewed time.Time `json:"Renewed,omitzero"`
	// Path is where the lock is stored.
	Path string `json:"Path"`
	// Host is the host name of the holder's machine and PIDStart its
	// process's start time (clock ticks after boot, from /proc; zero where
	// unknown). With PID they let the local backend tell a holder that died
	// on this host from one that runs (see holder.go).
	Host     string `json:"Host,omitempty"`
	PIDStart uint64 `json:"PIDStart,omitempty"`
	// Agent is the id of the trueup agent whose run holds the lock, ""
	// for the CLI. Agents of a fleet take over at once a lock whose agent
	// the fleet knows is gone (see WithHolderCheck).
	Agent string `json:"Agent,omitempty"`
}

// LockError is returned when a lock is held by someone else.
type LockError struct {
	Info *LockInfo
	Err  error
}

// Error names the holder: "state locked by X for Y since Z (lock ID ...)".
func (e *LockError) Error() string {
	if e.Info == nil {
		return fmt.Sprintf("state lock: %v", e.Err)
	}
	i := e.Info
	msg := fmt.Sprintf("state locked by %s for %s since %s (lock ID %s)",
		i.Who, i.Operation, i.Created.UTC().Format(time.RFC3339), i.ID)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *LockError) Unwrap() error { return e.Err }
