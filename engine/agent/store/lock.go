package store

import (
	"encoding/json"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrLockNotFound is returned when releasing a stack that is not locked.
var ErrLockNotFound = errors.New("stack not locked")

var bucketLocks = []byte("locks")

// Lock locks a stack to the open pull request that planned it, as
// Atlantis does: while it is held, other pull requests may not plan or
// apply the stack. It is released when the pull request is merged or
// closed, by `trueup unlock`, or from the dashboard or API.
type Lock struct {
	Stack string `json:"stack"`
	// Forge is the forge's kind, Repo the repository ("owner/name") and
	// PR the pull request's number.
	Forge string `json:"forge"`
	Repo  string `json:"repo"`
	PR    int    `json:"pr"`
	// URL links to the pull request ("" when unknown).
	URL string `json:"url,omitempty"`
	// User is who planned the stack (the pull request's author or the
	// commenter), as a forge username.
	User  string    `json:"user"`
	Since time.Time `json:"since"`
}

// SamePR reports whether l and o are held by the same pull request.
func (l *Lock) SamePR(o *Lock) bool {
	return l.Forge == o.Forge && l.Repo == o.Repo && l.PR == o.PR
}

// LockStack locks l.Stack to l's pull request. When another pull request
// holds it, nothing changes and that lock is returned with ok false;
// when the same pull request holds it already, its lock is kept (its
// Since unchanged) and returned with ok true.
func (s *Store) LockStack(l *Lock) (held *Lock, ok bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketLocks)
		if err != nil {
			return err
		}
		if v := b.Get([]byte(l.Stack)); v != nil {
			var cur Lock
			if err := json.Unmarshal(v, &cur); err != nil {
				return err
			}
			held, ok = &cur, cur.SamePR(l)
			return nil
		}
		c := *l
		held, ok = &c, true
		return putJSON(b, []byte(l.Stack), l)
	})
	return held, ok, err
}

// StackLock returns the stack's lock, or nil when it is not locked.
func (s *Store) StackLock(stack string) (*Lock, error) {
	var out *Lock
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLocks)
		if b == nil {
			return nil
		}
		if v := b.Get([]byte(stack)); v != nil {
			out = new(Lock)
			return json.Unmarshal(v, out)
		}
		return nil
	})
	return out, err
}

// Locks returns every lock, ordered by stack.
func (s *Store) Locks() ([]*Lock, error) {
	var out []*Lock
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLocks)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var l Lock
			if err := json.Unmarshal(v, &l); err != nil {
				return err
			}
			out = append(out, &l)
			return nil
		})
	})
	return out, err
}

// UnlockStack releases the stack's lock and returns it, or
// ErrLockNotFound.
func (s *Store) UnlockStack(stack string) (*Lock, error) {
	var out Lock
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLocks)
		if b == nil {
			return ErrLockNotFound
		}
		v := b.Get([]byte(stack))
		if v == nil {
			return ErrLockNotFound
		}
		if err := json.Unmarshal(v, &out); err != nil {
			return err
		}
		return b.Delete([]byte(stack))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UnlockPR releases every lock the pull request holds and returns them,
// ordered by stack.
func (s *Store) UnlockPR(forge, repo string, pr int) ([]*Lock, error) {
	var out []*Lock
	want := &Lock{Forge: forge, Repo: repo, PR: pr}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLocks)
		if b == nil {
			return nil
		}
		var keys [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var l Lock
			if err := json.Unmarshal(v, &l); err != nil {
				return err
			}
			if l.SamePR(want) {
				out = append(out, &l)
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
