package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	bolt "go.etcd.io/bbolt"
)

// s3Store is the persistent S3 store: gofakes3's in-memory backend
// (s3mem) serves every request, and each change is written through to a
// bolt file, from which the memory is filled at start. Only gofakes3's
// public Backend interface is used: the store embeds the interface, not
// s3mem, so that gofakes3 sees neither versioning nor s3mem's own
// CopyObject, and the persistent store stays unversioned as before.
// Bolt holds one bucket per S3 bucket, keyed by object key, each value an
// objectRecord (records written by gofakes3's old s3bolt backend are
// still read).
type s3Store struct {
	gofakes3.Backend
	db    *bolt.DB
	clock *loadClock
	// mu orders the memory change and its write to bolt, so that the file
	// ends as the memory does.
	mu sync.Mutex
}

var _ gofakes3.Backend = (*s3Store)(nil)

// metaBucketName is where s3bolt kept bucket metadata; it is skipped.
const metaBucketName = "_meta"

// openS3Store fills a memory backend from db.
func openS3Store(db *bolt.DB) (*s3Store, error) {
	clock := &loadClock{}
	s := &s3Store{Backend: newMemBackend(s3mem.WithTimeSource(clock)), db: db, clock: clock}
	err := db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if string(name) == metaBucketName {
				return nil
			}
			if err := s.Backend.CreateBucket(string(name)); err != nil {
				return err
			}
			return b.ForEach(func(k, v []byte) error { return s.load(string(name), string(k), v) })
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sandbox: load S3 store: %w", err)
	}
	return s, nil
}

// load puts one stored object into memory with its stored modification
// time.
func (s *s3Store) load(bucket, key string, v []byte) error {
	rec, err := decodeObjectRecord(v)
	if err != nil {
		return fmt.Errorf("object %s/%s: %w", bucket, key, err)
	}
	s.clock.at = rec.LastModified
	defer func() { s.clock.at = time.Time{} }()
	_, err = s.Backend.PutObject(bucket, key, rec.Metadata, bytes.NewReader(rec.Contents), int64(len(rec.Contents)), nil)
	return err
}

// CreateBucket creates the bucket in memory and in bolt.
func (s *s3Store) CreateBucket(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Backend.CreateBucket(name); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists([]byte(name))
		return err
	})
}

// DeleteBucket deletes an empty bucket.
func (s *s3Store) DeleteBucket(name string) error {
	return s.dropBucket(name, s.Backend.DeleteBucket)
}

// ForceDeleteBucket deletes a bucket and its objects.
func (s *s3Store) ForceDeleteBucket(name string) error {
	return s.dropBucket(name, s.Backend.ForceDeleteBucket)
}

func (s *s3Store) dropBucket(name string, drop func(string) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := drop(name); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(name)) == nil {
			return nil
		}
		return tx.DeleteBucket([]byte(name))
	})
}

// PutObject stores the object in memory (which checks the conditions and
// merges metadata) and then writes what memory holds to bolt.
func (s *s3Store) PutObject(bucket, key string, meta map[string]string, input io.Reader, size int64, conditions *gofakes3.PutConditions) (gofakes3.PutObjectResult, error) {
	body, err := gofakes3.ReadAll(input, size)
	if err != nil {
		return gofakes3.PutObjectResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.Backend.PutObject(bucket, key, meta, bytes.NewReader(body), int64(len(body)), conditions)
	if err != nil {
		return res, err
	}
	head, err := s.Backend.HeadObject(bucket, key)
	if err != nil {
		return res, err
	}
	rec := objectRecord{Metadata: head.Metadata, LastModified: time.Now().UTC(), Contents: body}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return err
		}
		return b.Put([]byte(key), rec.encode())
	})
	return res, err
}

// CopyObject copies through GetObject and PutObject, so that the copy is
// written to bolt.
func (s *s3Store) CopyObject(srcBucket, srcKey, dstBucket, dstKey string, meta map[string]string) (gofakes3.CopyObjectResult, error) {
	return gofakes3.CopyObject(s, srcBucket, srcKey, dstBucket, dstKey, meta)
}

// DeleteObject deletes the object from memory and bolt.
func (s *s3Store) DeleteObject(bucket, key string) (gofakes3.ObjectDeleteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.Backend.DeleteObject(bucket, key)
	if err != nil {
		return res, err
	}
	return res, s.deleteStored(bucket, key)
}

// DeleteMulti deletes objects from memory and bolt.
func (s *s3Store) DeleteMulti(bucket string, keys ...string) (gofakes3.MultiDeleteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.Backend.DeleteMulti(bucket, keys...)
	if err != nil {
		return res, err
	}
	for _, d := range res.Deleted {
		if err := s.deleteStored(bucket, d.Key); err != nil {
			return res, err
		}
	}
	return res, nil
}

func (s *s3Store) deleteStored(bucket, key string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(bucket)); b != nil {
			return b.Delete([]byte(key))
		}
		return nil
	})
}

// loadClock is s3mem's clock: the stored modification time while objects
// are loaded, the wall clock otherwise.
type loadClock struct{ at time.Time }

// Now implements gofakes3.TimeSource.
func (c *loadClock) Now() time.Time {
	if !c.at.IsZero() {
		return c.at
	}
	return time.Now()
}

// Since implements gofakes3.TimeSource.
func (c *loadClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
