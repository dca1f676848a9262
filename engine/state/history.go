package state

import (
	"context"
	"time"
)

// Historian is implemented by backends that keep earlier versions of the
// state document: the local backend keeps the previous one as PATH.backup,
// object stores keep object versions when versioning is on. It lets a user
// recover a state that a bad apply or a state surgery damaged.
type Historian interface {
	// History lists the stored versions, newest (the current state) first.
	History(ctx context.Context) ([]Version, error)
	// ReadVersion returns the state stored as version id.
	ReadVersion(ctx context.Context, id string) (*State, error)
}

// Version is one stored version of the state document.
type Version struct {
	// ID names the version for ReadVersion.
	ID string
	// Serial is the serial of the state stored in this version.
	Serial uint64
	// Modified is when this version was written.
	Modified time.Time
}
