package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrNotFound is returned for a run that does not exist.
var ErrNotFound = errors.New("run not found")

var (
	bucketRuns   = []byte("runs")
	bucketPlans  = []byte("plans")
	bucketLogs   = []byte("logs")
	bucketStacks = []byte("stacks")
	bucketTokens = []byte("tokens")
	bucketAudit  = []byte("audit")
)

// Store is the run history. It is safe for concurrent use.
type Store struct {
	db      *bolt.DB
	changes Broadcast
}

// Open opens (creating it if needed) the database at path. It fails after
// a few seconds when another process holds it open.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 3 * time.Second})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("run history %s is in use by another process (is another agent running on this data_dir?)", path)
		}
		return nil, fmt.Errorf("opening run history %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketRuns, bucketPlans, bucketLogs, bucketStacks, bucketTokens, bucketAudit, bucketLocks} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// Subscribe returns a channel that receives after run id's record, plan
// or log changed; cancel ends the subscription.
func (s *Store) Subscribe(id uint64) (<-chan struct{}, func()) { return s.changes.Subscribe(id) }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// MarkInterrupted marks every run left queued or running (by a process
// that stopped) as interrupted, and returns how many there were.
func (s *Store) MarkInterrupted(at time.Time) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRuns)
		return b.ForEach(func(k, v []byte) error {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if Final(r.Outcome) {
				return nil
			}
			r.Outcome, r.Finished = OutcomeInterrupted, at
			if r.Error == "" {
				r.Error = "the agent stopped before the run finished"
			}
			n++
			return putJSON(b, k, &r)
		})
	})
	if n > 0 {
		s.changes.NotifyAll()
	}
	return n, err
}

// Create records a new run, assigning its ID.
func (s *Store) Create(r *Run) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRuns)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		r.ID = id
		return putJSON(b, key(id), r)
	})
}

// Update changes the run with fn and stores it; it returns the result.
func (s *Store) Update(id uint64, fn func(r *Run)) (*Run, error) {
	var out Run
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRuns)
		v := b.Get(key(id))
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &out); err != nil {
			return err
		}
		fn(&out)
		out.ID = id
		return putJSON(b, key(id), &out)
	})
	if err != nil {
		return nil, err
	}
	s.changes.Notify(id)
	return &out, nil
}

// Get returns the run with ID id, or ErrNotFound.
func (s *Store) Get(id uint64) (*Run, error) {
	var r Run
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRuns).Get(key(id))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Filter selects runs for List.
type Filter struct {
	// Stack keeps only this stack's runs ("" for all).
	Stack string
	// Limit bounds the number returned (0: 100).
	Limit int
}

// List returns runs, newest first.
func (s *Store) List(f Filter) ([]*Run, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	var out []*Run
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRuns).Cursor()
		for k, v := c.Last(); k != nil && len(out) < f.Limit; k, v = c.Prev() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if f.Stack == "" || r.Stack == f.Stack {
				out = append(out, &r)
			}
		}
		return nil
	})
	return out, err
}

// SetPlan stores the run's plan.
func (s *Store) SetPlan(id uint64, p Plan) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketPlans), key(id), &p)
	})
	if err == nil {
		s.changes.Notify(id)
	}
	return err
}

// Plan returns the run's plan; a run without one has an empty Plan.
func (s *Store) Plan(id uint64) (Plan, error) {
	var p Plan
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketPlans).Get(key(id)); v != nil {
			return json.Unmarshal(v, &p)
		}
		return nil
	})
	return p, err
}

// AppendLog adds entries to the run's log.
func (s *Store) AppendLog(id uint64, entries ...LogEntry) error {
	defer s.changes.Notify(id)
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketLogs).CreateBucketIfNotExists(key(id))
		if err != nil {
			return err
		}
		for i := range entries {
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			if err := putJSON(b, key(seq), &entries[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Log returns the run's log in order.
func (s *Store) Log(id uint64) ([]LogEntry, error) {
	var out []LogEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLogs).Bucket(key(id))
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var e LogEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// StackStatus returns what is remembered about the stack (zero if none).
func (s *Store) StackStatus(name string) (StackStatus, error) {
	var st StackStatus
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketStacks).Get([]byte(name)); v != nil {
			return json.Unmarshal(v, &st)
		}
		return nil
	})
	return st, err
}

// UpdateStackStatus changes the stack's status with fn.
func (s *Store) UpdateStackStatus(name string, fn func(st *StackStatus)) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStacks)
		var st StackStatus
		if v := b.Get([]byte(name)); v != nil {
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
		}
		fn(&st)
		return putJSON(b, []byte(name), &st)
	})
}

func key(id uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	return k
}

func putJSON(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}
