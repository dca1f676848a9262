package gcs

import (
	"context"
	"errors"
	"sort"
	"strconv"

	"cloud.google.com/go/storage"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/gcpretry"
)

// backupSuffix names the copy of the previous state kept in buckets
// without versioning.
const backupSuffix = ".backup"

// maxHistory bounds how many versions History reports.
const maxHistory = 100

// History IDs of the current object and the backup in a bucket without
// versioning; with versioning, IDs are generations.
const (
	currentID = "current"
	backupID  = "backup"
)

// isVersioned reports (and caches) whether the bucket keeps versions; a
// caller not allowed to ask is treated as without.
func (b *Backend) isVersioned(ctx context.Context) (bool, error) {
	if b.versioned != nil {
		return *b.versioned, nil
	}
	var attrs *storage.BucketAttrs
	err := b.do(ctx, func(ctx context.Context) (err error) {
		attrs, err = b.bucket.Attrs(ctx)
		return err
	})
	if isForbidden(err) {
		// roles/storage.objectAdmin lacks storage.buckets.get: keep
		// backup objects then, which needs no more than state access.
		b.log.Debug("cannot read bucket versioning; keeping a backup object", "bucket", b.cfg.Bucket, "error", err)
		attrs, err = &storage.BucketAttrs{}, nil
	}
	if err != nil {
		return false, b.wrap("read bucket versioning", err)
	}
	v := attrs.VersioningEnabled
	b.versioned = &v
	return v, nil
}

// backup copies the generation last seen to the .backup object, unless
// the bucket keeps versions itself. Called with b.mu held.
func (b *Backend) backup(ctx context.Context) error {
	versioned, err := b.isVersioned(ctx)
	if err != nil || versioned {
		return err
	}
	src := b.stateObject(b.name).Generation(b.seen.generation)
	// Copying one fixed generation is idempotent: safe to retry.
	dst := b.stateObject(b.name + backupSuffix)
	if err := b.do(ctx, func(ctx context.Context) error {
		c := dst.CopierFrom(src)
		c.DestinationKMSKeyName = b.cfg.KMSEncryptionKey
		_, err := c.Run(ctx)
		return err
	}); err != nil {
		if errors.Is(err, storage.ErrObjectNotExist) || httpCode(err) == 404 {
			return b.errorf("write state: the state object changed since it was read (another run wrote it): %w", state.ErrStale)
		}
		return b.wrap("back up state to "+b.name+backupSuffix, err)
	}
	return nil
}

// History lists the retrievable versions of the state, newest (the
// current state) first: the object's generations when the bucket keeps
// versions (at most 100), else the current object and the .backup object.
func (b *Backend) History(ctx context.Context) ([]state.Version, error) {
	versioned, err := b.isVersioned(ctx)
	if err != nil {
		return nil, err
	}
	if versioned {
		return b.generations(ctx)
	}
	var vs []state.Version
	for _, id := range []string{currentID, backupID} {
		var attrs *storage.ObjectAttrs
		err := b.do(ctx, func(ctx context.Context) (err error) {
			attrs, err = b.handle(id).Attrs(ctx)
			return err
		})
		if errors.Is(err, storage.ErrObjectNotExist) {
			continue
		}
		if err != nil {
			return nil, b.wrap("read state version "+id, err)
		}
		v, err := b.version(ctx, id, attrs)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// generations lists the state object's generations, newest first.
func (b *Backend) generations(ctx context.Context) ([]state.Version, error) {
	listed, err := gcpretry.ListObjects(ctx, b.do, b.bucket, &storage.Query{Prefix: b.name, Versions: true})
	if err != nil {
		return nil, b.wrap("list state versions", err)
	}
	var all []*storage.ObjectAttrs
	for _, attrs := range listed {
		if attrs.Name == b.name {
			all = append(all, attrs)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Generation > all[j].Generation })
	vs := make([]state.Version, 0, min(len(all), maxHistory))
	for _, attrs := range all[:min(len(all), maxHistory)] {
		v, err := b.version(ctx, strconv.FormatInt(attrs.Generation, 10), attrs)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// version describes one stored version, reading the serial from the
// object's metadata or, for objects written by others, its content.
func (b *Backend) version(ctx context.Context, id string, attrs *storage.ObjectAttrs) (state.Version, error) {
	v := state.Version{ID: id, Modified: attrs.Updated}
	if serial, err := strconv.ParseUint(attrs.Metadata[serialMeta], 10, 64); err == nil {
		v.Serial = serial
		return v, nil
	}
	st, err := b.ReadVersion(ctx, id)
	if err != nil {
		return v, err
	}
	v.Serial = st.Serial
	return v, nil
}

// ReadVersion returns the state stored as version id (an ID from History).
func (b *Backend) ReadVersion(ctx context.Context, id string) (*state.State, error) {
	if gen, err := strconv.ParseInt(id, 10, 64); id != currentID && id != backupID && (err != nil || gen <= 0) {
		return nil, b.errorf("no state version %q: versions are %q, %q or a generation number", id, currentID, backupID)
	}
	data, _, err := b.readObject(ctx, b.handle(id), maxStateSize)
	if err != nil {
		return nil, b.wrap("read state version "+id, err)
	}
	st, err := b.cfg.Codec.Decode(data)
	if err != nil {
		return nil, b.errorf("state version %s is not valid state: %w", id, err)
	}
	return st, nil
}

// handle returns the object handle for a history ID.
func (b *Backend) handle(id string) *storage.ObjectHandle {
	switch id {
	case currentID:
		return b.stateObject(b.name)
	case backupID:
		return b.stateObject(b.name + backupSuffix)
	}
	gen, _ := strconv.ParseInt(id, 10, 64) // validated by ReadVersion
	return b.stateObject(b.name).Generation(gen)
}
