package sandbox

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// objectRecord is one stored S3 object.
type objectRecord struct {
	Metadata     map[string]string `json:"metadata,omitempty"`
	LastModified time.Time         `json:"last_modified"`
	Contents     []byte            `json:"-"`
}

// recordMagic starts every record this package writes: the header's
// length (4 bytes, big-endian), the header as JSON, then the contents.
// A value without it is a BSON document from gofakes3's s3bolt backend.
var recordMagic = []byte("trueup-s3\x01")

func (r objectRecord) encode() []byte {
	header, _ := json.Marshal(r) // a map of strings and a time always marshal
	b := make([]byte, 0, len(recordMagic)+4+len(header)+len(r.Contents))
	b = append(b, recordMagic...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(header)))
	b = append(b, header...)
	return append(b, r.Contents...)
}

func decodeObjectRecord(v []byte) (objectRecord, error) {
	rest, ok := bytes.CutPrefix(v, recordMagic)
	if !ok {
		return decodeLegacyRecord(v)
	}
	var r objectRecord
	if len(rest) < 4 {
		return r, errors.New("truncated record")
	}
	n := binary.BigEndian.Uint32(rest)
	rest = rest[4:]
	if uint64(n) > uint64(len(rest)) {
		return r, errors.New("truncated record header")
	}
	if err := json.Unmarshal(rest[:n], &r); err != nil {
		return r, fmt.Errorf("record header: %w", err)
	}
	r.Contents = bytes.Clone(rest[n:])
	return r, nil
}
