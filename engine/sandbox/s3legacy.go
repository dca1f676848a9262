package sandbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// decodeLegacyRecord reads an object as gofakes3's s3bolt backend stored
// it, a BSON document {name, metadata, lastmodified, size, contents,
// hash}, so that data directories written before trueup had its own
// store keep their objects. Only the element types s3bolt writes are
// understood; size and hash are recomputed from contents.
func decodeLegacyRecord(v []byte) (objectRecord, error) {
	var r objectRecord
	err := walkBSON(v, func(name string, typ byte, val []byte) error {
		switch {
		case name == "metadata" && typ == bsonDocument:
			r.Metadata = map[string]string{}
			return walkBSON(val, func(k string, t byte, s []byte) error {
				if t != bsonString {
					return fmt.Errorf("metadata %q is not a string", k)
				}
				r.Metadata[k] = string(s)
				return nil
			})
		case name == "lastmodified" && typ == bsonDateTime:
			r.LastModified = time.UnixMilli(int64(binary.LittleEndian.Uint64(val))).UTC()
		case name == "contents" && typ == bsonBinary:
			r.Contents = bytes.Clone(val)
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("legacy s3bolt record: %w", err)
	}
	return r, nil
}

// BSON element types s3bolt's documents hold.
const (
	bsonString   = 0x02
	bsonDocument = 0x03
	bsonBinary   = 0x05
	bsonDateTime = 0x09
	bsonNull     = 0x0A
	bsonInt32    = 0x10
	bsonInt64    = 0x12
)

// walkBSON calls fn for each element of the BSON document doc with its
// name, type and value: a string's or binary's bytes, a document's
// bytes, or a number's little-endian bytes.
func walkBSON(doc []byte, fn func(name string, typ byte, val []byte) error) error {
	if len(doc) < 5 || int(binary.LittleEndian.Uint32(doc)) != len(doc) || doc[len(doc)-1] != 0 {
		return errors.New("not a BSON document")
	}
	rest := doc[4 : len(doc)-1]
	for len(rest) > 0 {
		typ := rest[0]
		end := bytes.IndexByte(rest[1:], 0)
		if end < 0 {
			return errors.New("unterminated element name")
		}
		name := string(rest[1 : 1+end])
		rest = rest[2+end:]
		val, n, err := bsonValue(typ, rest)
		if err != nil {
			return fmt.Errorf("element %q: %w", name, err)
		}
		if err := fn(name, typ, val); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// bsonValue returns the value of an element of type typ at the start of b
// and the bytes it takes.
func bsonValue(typ byte, b []byte) (val []byte, n int, err error) {
	need := func(k int) error {
		if k < 0 || k > len(b) {
			return errors.New("truncated")
		}
		return nil
	}
	length := func() int {
		if len(b) < 4 {
			return -1
		}
		return int(int32(binary.LittleEndian.Uint32(b)))
	}
	switch typ {
	case bsonString:
		l := length()
		if err := need(4 + l); err != nil || l < 1 {
			return nil, 0, errors.New("bad string")
		}
		return b[4 : 4+l-1], 4 + l, nil
	case bsonDocument:
		l := length()
		if err := need(l); err != nil || l < 5 {
			return nil, 0, errors.New("bad document")
		}
		return b[:l], l, nil
	case bsonBinary:
		l := length()
		if err := need(5 + l); err != nil || l < 0 {
			return nil, 0, errors.New("bad binary")
		}
		return b[5 : 5+l], 5 + l, nil
	case bsonDateTime, bsonInt64:
		return b[:min(8, len(b))], 8, need(8)
	case bsonInt32:
		return b[:min(4, len(b))], 4, need(4)
	case bsonNull:
		return nil, 0, nil
	}
	return nil, 0, fmt.Errorf("unsupported BSON type 0x%02x", typ)
}
