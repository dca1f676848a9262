package state

import (
	"context"
	"errors"
	"strings"
)

// ObjectStore is what the journal in an object store (StoreJournal) needs
// of a bucket: the S3 and GCS backends are adapters of it, and keep their
// request options (encryption, conditions, retries) to themselves. Names
// are object names in the one bucket of the backend. Errors are the
// store's own, except the two conditions below, which an adapter reports
// wrapping ErrObjectExists and ErrObjectNotFound; StoreJournal names the
// operation and lets the backend word the error (StoreJournal.Wrap).
type ObjectStore interface {
	// PutIfAbsent creates object name holding data, with the user
	// metadata meta, only if no object of that name exists (an error
	// wrapping ErrObjectExists), and returns its identity (JournalObject).
	PutIfAbsent(ctx context.Context, name string, data []byte, meta map[string]string) (id string, err error)
	// Head returns the identity and user metadata of object name (an
	// error wrapping ErrObjectNotFound when it does not exist).
	Head(ctx context.Context, name string) (ObjectInfo, error)
	// List returns every object whose name starts with prefix, with its
	// identity.
	List(ctx context.Context, prefix string) ([]JournalObject, error)
	// Get returns the bytes of object name.
	Get(ctx context.Context, name string) ([]byte, error)
	// Copy copies object from to object to (an error wrapping
	// ErrObjectNotFound when from does not exist).
	Copy(ctx context.Context, from, to string) error
	// Delete removes the objects names; one that does not exist is no
	// error.
	Delete(ctx context.Context, names []string) error
}

// ObjectInfo is what ObjectStore.Head returns of an object.
type ObjectInfo struct {
	// ID is its identity, as JournalObject has it.
	ID string
	// Meta is its user metadata; keys may come back in another case.
	Meta map[string]string
}

// MetaValue returns the metadata value of key, whatever the case of the
// key as the store returned it.
func (o ObjectInfo) MetaValue(key string) string { return MetaValue(o.Meta, key) }

var (
	// ErrObjectExists is a PutIfAbsent whose object exists already.
	ErrObjectExists = errors.New("object exists")
	// ErrObjectNotFound is an object that does not exist.
	ErrObjectNotFound = errors.New("object not found")
)

// MetaValue returns meta's value of key, whatever the case of the key as
// the store returned it (S3 lowercases user metadata keys).
func MetaValue(meta map[string]string, key string) string {
	if v, ok := meta[key]; ok {
		return v
	}
	for k, v := range meta {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}
