package sandbox

import (
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// memBackend is gofakes3's memory backend answering HEAD as S3 does.
// s3mem numbers every object it stores, versioning or not, and its
// GetObject and PutObject drop that number unless the bucket's versioning
// is enabled, but its HeadObject does not: a HEAD in a bucket that never
// had versioning answered an x-amz-version-id that the upload had not, so
// every refresh of an aws_s3_object (one HEAD) saw its version_id change
// out of band, and reported drift on every object.
type memBackend struct {
	*s3mem.Backend
}

// newMemBackend is s3mem.New with HeadObject fixed.
func newMemBackend(opts ...s3mem.Option) memBackend {
	return memBackend{s3mem.New(opts...)}
}

// HeadObject answers an object's version id only when the bucket's
// versioning is enabled, as GetObject does (and HEAD the version of a
// versioned bucket, HeadObjectVersion, is unchanged).
func (b memBackend) HeadObject(bucket, key string) (*gofakes3.Object, error) {
	obj, err := b.Backend.HeadObject(bucket, key)
	if err != nil || obj == nil || obj.VersionID == "" {
		return obj, err
	}
	v, err := b.Backend.VersioningConfiguration(bucket)
	if err != nil {
		obj.Contents.Close()
		return nil, err
	}
	if !v.Enabled() {
		obj.VersionID = ""
	}
	return obj, nil
}
