package state

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"time"

	"github.com/google/uuid"

	"github.com/trueup/trueup/engine/version"
)

// ErrLeaseExpired means a lock's lease ran out before it was renewed: the
// lock may have been taken over, and its holder must stop writing.
var ErrLeaseExpired = errors.New("lock lease expired")

// NewLockInfo returns a LockInfo for operation naming this process:
// Who is user@host, PID and Version are set, and the lock never expires
// (set Expires to give it a lease).
func NewLockInfo(operation string) *LockInfo {
	info := &LockInfo{
		Operation: operation,
		Who:       whoAmI(),
		PID:       os.Getpid(),
		Version:   version.Version,
		Created:   time.Now().UTC(),
	}
	info.Host, info.PIDStart = thisProcess()
	return info
}

// whoAmI returns user@host, as Terraform's lock info does.
func whoAmI() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	return name + "@" + host
}

// PrepareLock returns the LockInfo a backend stores when it takes a lock
// for info at path: a copy of info with a new ID, Path set, Who, PID and
// Version filled when empty (and Host and PIDStart when PID is this
// process), Created set to now and, for a lease, Expires
// set to now plus the lease length (info.Expires minus info.Created, or
// minus now when Created is zero). Every backend calls it so that locks
// look the same everywhere.
func PrepareLock(info *LockInfo, path string, now time.Time) (*LockInfo, error) {
	if info == nil {
		info = &LockInfo{}
	}
	c := *info
	c.ID = uuid.NewString()
	c.Path = path
	if c.Who == "" {
		c.Who = whoAmI()
	}
	if c.PID == 0 {
		c.PID = os.Getpid()
	}
	if c.PID == os.Getpid() && c.Host == "" {
		c.Host, c.PIDStart = thisProcess()
	}
	if c.Version == "" {
		c.Version = version.Version
	}
	now = now.UTC()
	if !c.Expires.IsZero() {
		start := c.Created
		if start.IsZero() {
			start = now
		}
		lease := c.Expires.Sub(start)
		if lease <= 0 {
			return nil, fmt.Errorf("lock lease must be positive: Expires %s is not after Created %s",
				c.Expires.Format(time.RFC3339Nano), start.Format(time.RFC3339Nano))
		}
		c.Expires = now.Add(lease)
	}
	c.Created = now
	c.Renewed = time.Time{}
	return &c, nil
}

// Lease returns the lease length, zero for a lock that never expires.
func (i *LockInfo) Lease() time.Duration {
	if i.Expires.IsZero() {
		return 0
	}
	start := i.Created
	if !i.Renewed.IsZero() {
		start = i.Renewed
	}
	return i.Expires.Sub(start)
}

// Expired reports whether the lock has a lease that ran out before now. A
// contender may take over an expired lock.
func (i *LockInfo) Expired(now time.Time) bool {
	return !i.Expires.IsZero() && !now.Before(i.Expires)
}

// Renewal returns a copy of the lock with its lease extended from now by
// the lease length. It fails with ErrLeaseExpired when the lease already
// ran out: the lock may have been taken over and must not be revived.
func (i *LockInfo) Renewal(now time.Time) (*LockInfo, error) {
	c := *i
	if i.Expires.IsZero() {
		return &c, nil
	}
	if i.Expired(now) {
		return nil, fmt.Errorf("%w at %s", ErrLeaseExpired, i.Expires.UTC().Format(time.RFC3339Nano))
	}
	lease := i.Lease()
	c.Renewed = now.UTC()
	c.Expires = c.Renewed.Add(lease)
	return &c, nil
}
