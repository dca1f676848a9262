package s3

import (
	"bytes"
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/state"
)

// takeAttempts bounds how often Lock re-reads a lock that changed under
// it (released, or taken over by another process) before giving up.
const takeAttempts = 3

// fileLock keeps the lock as the object KEY.tflock. It is created with
// If-None-Match: *, and renewed, taken over (when expired) and deleted
// with If-Match on the ETag of the lock as read.
type fileLock struct {
	b   *Backend
	key string
}

func (l *fileLock) lock(ctx context.Context, rec *state.LockInfo) error {
	body := encodeLock(rec)
	var held *state.LockInfo
	for range takeAttempts {
		err := l.put(ctx, body, "", true)
		if err == nil {
			return nil
		}
		if !isPreconditionFailed(err) {
			return l.b.wrap("lock", err)
		}
		var etag string
		held, etag, err = l.read(ctx)
		switch {
		case err != nil:
			return err
		case held == nil:
			continue // released meanwhile
		case held.ID == rec.ID:
			return nil // our own retried request had landed
		}
		dead := ""
		if !held.Expired(state.Now(ctx)) {
			if dead = state.DeadHolder(ctx, held); dead == "" {
				return l.b.heldError(held)
			}
		}
		err = l.put(ctx, body, etag, false)
		if err == nil {
			l.b.tookOver(ctx, held, dead)
			return nil
		}
		if !conditionFailed(err) {
			return l.b.wrap("lock", err)
		}
	}
	return l.b.heldError(held)
}

func (l *fileLock) renew(ctx context.Context, id string, now time.Time) error {
	held, etag, err := l.read(ctx)
	if err != nil {
		return err
	}
	if held == nil || held.ID != id {
		return l.b.notHeldError(id, held)
	}
	renewed, err := held.Renewal(now)
	if err != nil {
		return &state.LockError{Info: held, Err: l.b.errorf("renew lock %s: %w", id, err)}
	}
	if err := l.put(ctx, encodeLock(renewed), etag, false); err != nil {
		if conditionFailed(err) {
			cur, _, _ := l.read(ctx)
			return l.b.notHeldError(id, cur)
		}
		return l.b.wrap("renew lock", err)
	}
	return nil
}

func (l *fileLock) unlock(ctx context.Context, id string) error {
	held, etag, err := l.read(ctx)
	if err != nil {
		return err
	}
	if held == nil || held.ID != id {
		return l.b.notHeldError(id, held)
	}
	// If-Match makes the delete safe against a takeover between the read
	// and the delete on S3; servers that ignore it on DeleteObject
	// (gofakes3) leave that short window open: see docs/remote-state.md.
	_, err = l.b.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &l.b.bucket, Key: &l.key, IfMatch: aws.String(etag)})
	if conditionFailed(err) {
		cur, _, _ := l.read(ctx)
		return l.b.notHeldError(id, cur)
	}
	if err != nil {
		return l.b.wrap("unlock", err)
	}
	return nil
}

func (l *fileLock) current(ctx context.Context) (*state.LockInfo, error) {
	rec, _, err := l.read(ctx)
	return rec, err
}

// put writes the lock object: created (ifNone) or replacing the object
// with ETag ifMatch.
func (l *fileLock) put(ctx context.Context, body []byte, ifMatch string, ifNone bool) error {
	in := &s3.PutObjectInput{
		Bucket:      &l.b.bucket,
		Key:         &l.key,
		Body:        bytes.NewReader(body),
		ContentType: aws.String("application/json"),
	}
	if ifNone {
		in.IfNoneMatch = aws.String("*")
	} else {
		in.IfMatch = aws.String(ifMatch)
	}
	in.ServerSideEncryption, in.SSEKMSKeyId, in.ACL = l.b.protection()
	_, err := l.b.s3.PutObject(ctx, in)
	return err
}

// read returns the lock record and its ETag, or nil when there is none.
func (l *fileLock) read(ctx context.Context) (*state.LockInfo, string, error) {
	out, data, err := l.b.getBody(ctx, &s3.GetObjectInput{Bucket: &l.b.bucket, Key: &l.key}, 1<<20)
	if isNotFound(err) && !isNoSuchBucket(err) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", l.b.wrap("read lock", err)
	}
	rec, err := decodeLock(data)
	if err != nil {
		return nil, "", l.b.errorf("lock object s3://%s/%s: %w; remove it with force-unlock after checking no run is active", l.b.bucket, l.key, err)
	}
	return rec, aws.ToString(out.ETag), nil
}
