package s3

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/state"
)

// backupSuffix names the copy of the previous state kept in buckets
// without versioning.
const backupSuffix = ".backup"

// isVersioned reports (and caches) whether the bucket has versioning on;
// a caller not allowed to ask is treated as without.
func (b *Backend) isVersioned(ctx context.Context) (bool, error) {
	if b.versioned != nil {
		return *b.versioned, nil
	}
	out, err := b.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &b.bucket})
	if isAccessDenied(err) {
		// Least-privilege state roles often lack s3:GetBucketVersioning:
		// keep backup objects then, which needs no more than state access.
		b.log.Debug("cannot read bucket versioning; keeping a backup object", "bucket", b.bucket, "error", err)
		out, err = &s3.GetBucketVersioningOutput{}, nil
	}
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
	in.ServerSideEncryption, in.SSEKMSKeyId, in.ACL = b.protection()
	if _, err := b.s3.CopyObject(ctx, in); err != nil {
		if conditionFailed(err) {
			return b.errorf("write state: the state object changed since it was read (another run wrote it): %w", state.ErrStale)
		}
		return b.wrap("back up state to "+b.key+backupSuffix, err)
	}
	return nil
}

// maxHistory bounds how many versions History reports.
const maxHistory = 100

// serialMeta is the object metadata that records a state object's serial,
// so that History need not download every version.
const serialMeta = "trueup-serial"

var _ state.Historian = (*Backend)(nil)

// History lists the retrievable versions of the state, newest (the
// current state) first: the object versions when the bucket keeps them
// (at most 100), else the current object and KEY.backup.
func (b *Backend) History(ctx context.Context) ([]state.Version, error) {
	versioned, err := b.isVersioned(ctx)
	if err != nil {
		return nil, err
	}
	var refs []versionRef
	if versioned {
		refs, err = b.objectVersions(ctx)
	} else {
		refs = []versionRef{{id: currentID, key: b.key}, {id: backupID, key: b.key + backupSuffix}}
	}
	if err != nil {
		return nil, err
	}
	var vs []state.Version
	for _, r := range refs {
		v, ok, err := b.describe(ctx, r)
		if err != nil {
			return nil, err
		}
		if ok {
			vs = append(vs, v)
		}
	}
	if len(vs) > 1 {
		older := vs[1:]
		sort.SliceStable(older, func(i, j int) bool {
			if older[i].Modified.Equal(older[j].Modified) {
				return older[i].Serial > older[j].Serial
			}
			return older[i].Modified.After(older[j].Modified)
		})
	}
	return vs, nil
}

// ReadVersion returns the state stored as version id (an ID from History).
func (b *Backend) ReadVersion(ctx context.Context, id string) (*state.State, error) {
	data, err := b.getVersion(ctx, b.refFor(id))
	if err != nil {
		return nil, err
	}
	st, err := b.cfg.Codec.Decode(data)
	if err != nil {
		return nil, b.errorf("state version %s is not valid state: %w", id, err)
	}
	return st, nil
}

// History IDs of the current object and KEY.backup in a bucket without
// versioning; with versioning, IDs are S3 version IDs.
const (
	currentID = "current"
	backupID  = "backup"
)

// versionRef locates one version: a key and an S3 version ID, if any.
type versionRef struct {
	id, key, versionID string
}

func (b *Backend) refFor(id string) versionRef {
	switch id {
	case currentID:
		return versionRef{id: id, key: b.key}
	case backupID:
		return versionRef{id: id, key: b.key + backupSuffix}
	}
	return versionRef{id: id, key: b.key, versionID: id}
}

// objectVersions lists the state object's versions, newest first.
func (b *Backend) objectVersions(ctx context.Context) ([]versionRef, error) {
	type listed struct {
		ref      versionRef
		modified time.Time
		latest   bool
	}
	var all []listed
	// The delimiter rolls KEY.journal/... (every append a version) up
	// into one common prefix.
	in := &s3.ListObjectVersionsInput{Bucket: &b.bucket, Prefix: &b.key, Delimiter: aws.String("/")}
	for {
		out, err := b.s3.ListObjectVersions(ctx, in)
		if err != nil {
			return nil, b.wrap("list state versions", err)
		}
		for _, v := range out.Versions {
			if aws.ToString(v.Key) != b.key {
				continue
			}
			id := aws.ToString(v.VersionId)
			all = append(all, listed{versionRef{id: id, key: b.key, versionID: id}, aws.ToTime(v.LastModified), aws.ToBool(v.IsLatest)})
		}
		if !aws.ToBool(out.IsTruncated) {
			break
		}
		in.KeyMarker, in.VersionIdMarker = out.NextKeyMarker, out.NextVersionIdMarker
	}
	// S3 lists versions newest first, gofakes3 oldest first; times have
	// one-second resolution. The latest first, then by time; History
	// orders equal times by serial.
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].latest != all[j].latest {
			return all[i].latest
		}
		return all[i].modified.After(all[j].modified)
	})
	refs := make([]versionRef, 0, min(len(all), maxHistory))
	for _, l := range all[:min(len(all), maxHistory)] {
		refs = append(refs, l.ref)
	}
	return refs, nil
}

// describe returns the Version for r, reading the serial from the
// object's metadata or, for objects written by others, its content. ok is
// false when r does not exist. It asks for the first byte only (a ranged
// GET, not HEAD: gofakes3 ignores versionId on HEAD).
func (b *Backend) describe(ctx context.Context, r versionRef) (state.Version, bool, error) {
	in := &s3.GetObjectInput{Bucket: &b.bucket, Key: &r.key, Range: aws.String("bytes=0-0")}
	if r.versionID != "" {
		in.VersionId = &r.versionID
	}
	out, err := b.s3.GetObject(ctx, in)
	if isNotFound(err) && !isNoSuchBucket(err) {
		return state.Version{}, false, nil
	}
	if err != nil {
		return state.Version{}, false, b.wrap("read state version "+r.id, err)
	}
	_ = out.Body.Close()
	v := state.Version{ID: r.id, Modified: aws.ToTime(out.LastModified)}
	if serial, err := strconv.ParseUint(out.Metadata[serialMeta], 10, 64); err == nil {
		v.Serial = serial
		return v, true, nil
	}
	data, err := b.getVersion(ctx, r)
	if err != nil {
		return state.Version{}, false, err
	}
	st, err := b.cfg.Codec.Decode(data)
	if err != nil {
		return state.Version{}, false, b.errorf("state version %s is not valid state: %w", r.id, err)
	}
	v.Serial = st.Serial
	return v, true, nil
}

// getVersion downloads version r.
func (b *Backend) getVersion(ctx context.Context, r versionRef) ([]byte, error) {
	in := &s3.GetObjectInput{Bucket: &b.bucket, Key: &r.key}
	if r.versionID != "" {
		in.VersionId = &r.versionID
	}
	_, data, err := b.getBody(ctx, in, maxStateSize)
	if err != nil {
		return nil, b.wrap("read state version "+r.id, err)
	}
	return data, nil
}
