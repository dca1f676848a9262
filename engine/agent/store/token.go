package store

import (
	"encoding/json"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrTokenNotFound is returned for an API token that does not exist.
var ErrTokenNotFound = errors.New("token not found")

// Token is an API token as stored: never the secret, only its SHA-256.
type Token struct {
	// ID is the token's public identifier, also embedded in the secret.
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Scope is "read", "operate" or "admin".
	Scope string `json:"scope"`
	// Hash is the SHA-256 of the whole secret token.
	Hash []byte `json:"hash"`
	// Creator names who created the token (a principal).
	Creator  string    `json:"creator"`
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires,omitzero"`
	LastUsed time.Time `json:"last_used,omitzero"`
	Revoked  time.Time `json:"revoked,omitzero"`
}

// CreateToken stores a new token; its ID must be unused.
func (s *Store) CreateToken(t *Token) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		if b.Get([]byte(t.ID)) != nil {
			return errors.New("token ID already in use")
		}
		return putJSON(b, []byte(t.ID), t)
	})
}

// Token returns the token with ID id, or ErrTokenNotFound.
func (s *Store) Token(id string) (*Token, error) {
	var t Token
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketTokens).Get([]byte(id))
		if v == nil {
			return ErrTokenNotFound
		}
		return json.Unmarshal(v, &t)
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// Tokens returns every token, revoked ones included, ordered by ID.
func (s *Store) Tokens() ([]*Token, error) {
	var out []*Token
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTokens).ForEach(func(_, v []byte) error {
			var t Token
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			out = append(out, &t)
			return nil
		})
	})
	return out, err
}

// RevokeToken marks the token revoked at at (a token already revoked
// keeps its first revocation time), or returns ErrTokenNotFound.
func (s *Store) RevokeToken(id string, at time.Time) error {
	return s.updateToken(id, func(t *Token) {
		if t.Revoked.IsZero() {
			t.Revoked = at
		}
	})
}

// TouchToken records that the token was used at at.
func (s *Store) TouchToken(id string, at time.Time) error {
	return s.updateToken(id, func(t *Token) { t.LastUsed = at })
}

func (s *Store) updateToken(id string, fn func(t *Token)) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		v := b.Get([]byte(id))
		if v == nil {
			return ErrTokenNotFound
		}
		var t Token
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		fn(&t)
		return putJSON(b, []byte(id), &t)
	})
}
