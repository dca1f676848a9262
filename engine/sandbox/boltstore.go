package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
	bolt "go.etcd.io/bbolt"
	"gopkg.in/mgo.v2/bson"
)

// boltStore is gofakes3's bolt backend with safe object reads.
//
// s3bolt decodes an object with bson inside a read transaction, and bson
// leaves the contents and hash pointing into bolt's memory map, which are
// then read after the transaction ended: a later write that grows the
// file remaps it and the read faults (SIGSEGV, seen in CopyObject), or
// reuses the page and the read returns other data. boltStore copies the
// stored value inside the transaction instead, for GetObject, HeadObject
// and CopyObject (which reads through GetObject); everything else is
// s3bolt's.
type boltStore struct {
	*s3bolt.Backend
	db *bolt.DB
}

var _ gofakes3.Backend = (*boltStore)(nil)

// storedObject mirrors s3bolt's stored object document.
type storedObject struct {
	Name         string
	Metadata     map[string]string
	LastModified time.Time
	Size         int64
	Contents     []byte
	Hash         []byte
}

// GetObject reads an object (or a range of it) from a copy of its value.
func (s *boltStore) GetObject(bucket, key string, rng *gofakes3.ObjectRangeRequest) (*gofakes3.Object, error) {
	var raw []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return gofakes3.BucketNotFound(bucket)
		}
		v := b.Get([]byte(key))
		if v == nil {
			return gofakes3.KeyNotFound(key)
		}
		raw = bytes.Clone(v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var o storedObject
	if err := bson.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("sandbox: decode object %s/%s: %w", bucket, key, err)
	}
	r, err := rng.Range(o.Size)
	if err != nil {
		return nil, err
	}
	data := o.Contents
	if r != nil {
		data = data[r.Start : r.Start+r.Length]
	}
	return &gofakes3.Object{
		Name:     key,
		Metadata: o.Metadata,
		Size:     o.Size,
		Contents: io.NopCloser(bytes.NewReader(data)),
		Range:    r,
		Hash:     o.Hash,
	}, nil
}

// HeadObject is GetObject without contents.
func (s *boltStore) HeadObject(bucket, key string) (*gofakes3.Object, error) {
	obj, err := s.GetObject(bucket, key, nil)
	if err != nil {
		return nil, err
	}
	obj.Contents = io.NopCloser(bytes.NewReader(nil))
	return obj, nil
}

// CopyObject copies through the safe GetObject.
func (s *boltStore) CopyObject(srcBucket, srcKey, dstBucket, dstKey string, meta map[string]string) (gofakes3.CopyObjectResult, error) {
	return gofakes3.CopyObject(s, srcBucket, srcKey, dstBucket, dstKey, meta)
}
