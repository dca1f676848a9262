package s3

import (
	"context"
	"io"
	"net/url"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/state"
)

// backupSuffix names the copy of the previous state kept in buckets
// without versioning.
const backupSuffix = ".backup"

// backupID is the history ID of the KEY.backup object.
const backupID = "backup"

// isVersioned reports (and caches) whether the bucket has versioning on.
func (b *Backend) isVersioned(ctx context.Context) (bool, error) {
	if b.versioned != nil {
		return *b.versioned, nil
	}
	out, err := b.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &b.bucket})
	if err != nil {
		return false, b.wrap("read bucket versioning", err)
	}
	v := out.Status == types.BucketVersioningStatusEnabled
	b.versioned = &v
	return v, nil
}

// backup copies the state object as last seen to KEY.backup, unless the
// bucket keeps versions itself. Called with b.mu held.
func (b *Backend) backup(ctx context.Context) error {
	versioned, err := b.isVersioned(ctx)
	if err != nil || versioned {
		return err
	}
	in := &s3.CopyObjectInput{
		Bucket:            &b.bucket,
		Key:               aws.String(b.key + backupSuffix),
		CopySource:        aws.String(b.bucket + "/" + url.PathEscape(b.key)),
		CopySourceIfMatch: aws.String(b.seen.etag),
	}
	if b.cfg.Encrypt {
		in.ServerSideEncryption = types.ServerSideEncryptionAes256
	}
	if _, err := b.s3.CopyObject(ctx, in); err != nil {
		if isPreconditionFailed(err) {
			return b.errorf("write state: the state object changed since it was read (another run wrote it): %w", state.ErrStale)
		}
		return b.wrap("back up state to "+b.key+backupSuffix, err)
	}
	return nil
}

// storedVersion is one retrievable earlier (or the current) state object.
type storedVersion struct {
	// ID is the S3 version ID, or "backup" for the KEY.backup object.
	ID       string
	Modified time.Time
	Size     int64
	Current  bool
}

// versions lists the retrievable versions of the state, newest first: the
// object versions when the bucket keeps them, else the current object and
// KEY.backup.
func (b *Backend) versions(ctx context.Context) ([]storedVersion, error) {
	versioned, err := b.isVersioned(ctx)
	if err != nil {
		return nil, err
	}
	if !versioned {
		return b.backupVersions(ctx)
	}
	var vs []storedVersion
	in := &s3.ListObjectVersionsInput{Bucket: &b.bucket, Prefix: &b.key}
	for {
		out, err := b.s3.ListObjectVersions(ctx, in)
		if err != nil {
			return nil, b.wrap("list state versions", err)
		}
		for _, v := range out.Versions {
			if aws.ToString(v.Key) != b.key {
				continue
			}
			vs = append(vs, storedVersion{
				ID:       aws.ToString(v.VersionId),
				Modified: aws.ToTime(v.LastModified),
				Size:     aws.ToInt64(v.Size),
				Current:  aws.ToBool(v.IsLatest),
			})
		}
		if !aws.ToBool(out.IsTruncated) {
			break
		}
		in.KeyMarker, in.VersionIdMarker = out.NextKeyMarker, out.NextVersionIdMarker
	}
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].Modified.After(vs[j].Modified) })
	return vs, nil
}

// backupVersions lists the current object and KEY.backup, those that
// exist.
func (b *Backend) backupVersions(ctx context.Context) ([]storedVersion, error) {
	var vs []storedVersion
	for _, k := range []string{b.key, b.key + backupSuffix} {
		out, err := b.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: aws.String(k)})
		if isNotFound(err) && !isNoSuchBucket(err) {
			continue
		}
		if err != nil {
			return nil, b.wrap("list state versions", err)
		}
		v := storedVersion{ID: aws.ToString(out.VersionId), Modified: aws.ToTime(out.LastModified), Size: aws.ToInt64(out.ContentLength), Current: k == b.key}
		if !v.Current {
			v.ID = backupID
		}
		if v.ID == "" {
			v.ID = "current"
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// readVersion returns the state stored as version id (from versions).
func (b *Backend) readVersion(ctx context.Context, id string) (*state.State, error) {
	in := &s3.GetObjectInput{Bucket: &b.bucket, Key: &b.key}
	switch id {
	case backupID:
		in.Key = aws.String(b.key + backupSuffix)
	case "current", "":
	default:
		in.VersionId = aws.String(id)
	}
	out, err := b.s3.GetObject(ctx, in)
	if err != nil {
		return nil, b.wrap("read state version "+id, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, maxStateSize))
	if err != nil {
		return nil, b.wrap("read state version "+id, err)
	}
	st, err := state.Decode(data)
	if err != nil {
		return nil, b.errorf("state version %s is not valid state: %w", id, err)
	}
	return st, nil
}
