package store

import (
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AuditLimit is how many audit events the store keeps: older ones are
// deleted as new ones arrive, so that refused requests cannot fill the disk.
const AuditLimit = 10000

// AuditEvent is one entry of the audit trail: who did (or tried) what.
type AuditEvent struct {
	ID   uint64    `json:"id"`
	Time time.Time `json:"time"`
	// Principal names who acted: "token:NAME (ID)", "user:EMAIL",
	// "local:USER" for the command line, or "anonymous".
	Principal string `json:"principal"`
	// Action is what was done: "trigger", "token.create", "token.revoke",
	// "login", "logout".
	Action string `json:"action"`
	// Target is what it was done to: "stack/prod/apply", a token ID.
	Target string `json:"target,omitempty"`
	// Outcome is "ok", "denied" or "failed"; Detail says more.
	Outcome string `json:"outcome"`
	Detail  string `json:"detail,omitempty"`
	// Remote is the client address of an HTTP request.
	Remote string `json:"remote,omitempty"`
	// Run is the run an action queued, 0 for none.
	Run uint64 `json:"run,omitempty"`
}

// AppendAudit records e, assigning its ID, and deletes the events beyond
// AuditLimit.
func (s *Store) AppendAudit(e *AuditEvent) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		e.ID = id
		if err := putJSON(b, key(id), e); err != nil {
			return err
		}
		if id <= AuditLimit {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= id-AuditLimit; k, _ = c.First() {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// Audit returns up to limit audit events, newest first (limit <= 0: 100).
func (s *Store) Audit(limit int) ([]*AuditEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	var out []*AuditEvent
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var e AuditEvent
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, &e)
		}
		return nil
	})
	return out, err
}
