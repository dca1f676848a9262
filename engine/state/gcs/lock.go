package gcs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cloud.google.com/go/storage"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/gcpretry"
)

// takeAttempts bounds how often Lock re-reads a lock that changed under
// it (released, or taken over by another process) before giving up.
const takeAttempts = 3

// heldLock is the lock object as read: the holder and the generation the
// next conditional change must match.
type heldLock struct {
	info       *state.LockInfo
	generation int64
}

// Lock creates the lock object with a does-not-exist precondition; the
// lock ID is its generation. info.Expires, when set, is the lease (see
// state.PrepareLock). A lock held by another holder whose lease has not
// run out yields a *state.LockError naming the holder; an expired one is
// taken over by rewriting exactly the generation read.
func (b *Backend) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	id, err := b.lock(ctx, info)
	if err == nil {
		b.mu.Lock()
		b.lockID = id
		b.mu.Unlock()
	}
	return id, err
}

// lock is Lock.
func (b *Backend) lock(ctx context.Context, info *state.LockInfo) (string, error) {
	li, err := state.PrepareLock(info, "gs://"+b.cfg.Bucket+"/"+b.lockObj, state.Now(ctx))
	if err != nil {
		return "", b.errorf("lock: %w", err)
	}
	// The ID is the generation, known once written: stored empty, and
	// filled from the generation on read (see readLock).
	li.ID = ""
	body := encodeLock(li)
	var held *heldLock
	for range takeAttempts {
		gen, err := b.writeLock(ctx, body, storage.Conditions{DoesNotExist: true})
		if err == nil {
			return strconv.FormatInt(gen, 10), nil
		}
		if gen, ok := b.ownLock(ctx, err, body); ok {
			return strconv.FormatInt(gen, 10), nil
		}
		if !isPreconditionFailed(err) {
			return "", b.wrap("lock", err)
		}
		if held, err = b.readLock(ctx); err != nil {
			return "", err
		}
		if held == nil {
			continue // released meanwhile
		}
		dead := ""
		if !held.info.Expired(state.Now(ctx)) {
			if dead = state.DeadHolder(ctx, held.info); dead == "" {
				return "", b.heldError(held.info)
			}
		}
		gen, err = b.writeLock(ctx, body, storage.Conditions{GenerationMatch: held.generation})
		if own, ok := b.ownLock(ctx, err, body); ok {
			gen, err = own, nil
		}
		if err == nil {
			if dead != "" {
				b.log.Warn("took over the state lock of a dead holder", "lock", li.Path,
					"holder", held.info.Who, "operation", held.info.Operation, "lock_id", held.info.ID, "why", dead)
				state.NoticeTakeover(ctx, held.info, dead)
			} else {
				b.log.Warn("took over an expired state lock", "lock", li.Path,
					"holder", held.info.Who, "operation", held.info.Operation, "lock_id", held.info.ID, "expired", held.info.Expires)
			}
			return strconv.FormatInt(gen, 10), nil
		}
		if !isPreconditionFailed(err) {
			return "", b.wrap("lock", err)
		}
	}
	if held == nil {
		return "", b.heldError(nil)
	}
	return "", b.heldError(held.info)
}

// Renew extends the lease of the lock with ID id from now by its lease
// length, rewriting the lock object on condition of the generation read
// (the lock ID stays the generation the lock was created with). It fails
// with a *state.LockError when the lock is no longer held under id, or
// its lease already ran out (state.ErrLeaseExpired).
func (b *Backend) Renew(ctx context.Context, id string) error {
	held, err := b.readLock(ctx)
	if err != nil {
		return err
	}
	if held == nil || held.info.ID != id {
		return b.notHeldError(id, held)
	}
	renewed, err := held.info.Renewal(state.Now(ctx))
	if err != nil {
		return &state.LockError{Info: held.info, Err: b.errorf("renew lock %s: %w", id, err)}
	}
	if renewed.Expires.IsZero() {
		return nil
	}
	body := encodeLock(renewed)
	_, err = b.writeLock(ctx, body, storage.Conditions{GenerationMatch: held.generation})
	if _, ok := b.ownLock(ctx, err, body); ok {
		err = nil
	}
	if isPreconditionFailed(err) {
		cur, _ := b.readLock(ctx)
		return b.notHeldError(id, cur)
	}
	if err != nil {
		return b.wrap("renew lock", err)
	}
	return nil
}

// Unlock deletes the lock object if it is held under id, on condition of
// the generation read. A lock held under another ID is left alone and
// yields a *state.LockError naming its holder.
func (b *Backend) Unlock(ctx context.Context, id string) error {
	b.mu.Lock()
	if b.lockID == id {
		b.lockID = ""
	}
	b.mu.Unlock()
	held, err := b.readLock(ctx)
	if err != nil {
		return err
	}
	if held == nil || held.info.ID != id {
		return b.notHeldError(id, held)
	}
	// Real GCS honours ifGenerationMatch on delete; fake-gcs-server
	// ignores it but honours the generation parameter.
	obj := b.bucket.Object(b.lockObj).Generation(held.generation).If(storage.Conditions{GenerationMatch: held.generation})
	var call gcpretry.Call
	call.Policy, call.Notify = b.retryPolicy(), b.notifyRetry
	err = call.Do(ctx, func(ctx context.Context) error { return obj.Delete(ctx) })
	if call.Ambiguous() && errors.Is(err, storage.ErrObjectNotExist) {
		return nil // an unanswered try deleted it
	}
	if isPreconditionFailed(err) || errors.Is(err, storage.ErrObjectNotExist) {
		cur, _ := b.readLock(ctx)
		return b.notHeldError(id, cur)
	}
	if err != nil {
		return b.wrap("unlock", err)
	}
	return nil
}

// LockInfo returns the current lock holder, or nil when unlocked.
func (b *Backend) LockInfo(ctx context.Context) (*state.LockInfo, error) {
	held, err := b.readLock(ctx)
	if err != nil || held == nil {
		return nil, err
	}
	return held.info, nil
}

// writeLock writes the lock object under cond and returns its
// generation. When a try got no answer and a retry then failed its
// condition, the error is a *lostWrite: the first try may have landed.
func (b *Backend) writeLock(ctx context.Context, body []byte, cond storage.Conditions) (int64, error) {
	var (
		call  gcpretry.Call
		attrs *storage.ObjectAttrs
	)
	call.Policy, call.Notify = b.retryPolicy(), b.notifyRetry
	err := call.Do(ctx, func(ctx context.Context) (err error) {
		attrs, err = writeObject(ctx, b.bucket.Object(b.lockObj).If(cond), body, nil, "")
		return err
	})
	if err != nil {
		if call.Ambiguous() && isPreconditionFailed(err) {
			return 0, &lostWrite{err}
		}
		return 0, err
	}
	return attrs.Generation, nil
}

// lostWrite is a conditional write that failed its condition after an
// earlier try of it got no answer.
type lostWrite struct{ error }

func (e *lostWrite) Unwrap() error { return e.error }

// ownLock reports whether err is a lostWrite whose first try landed: the
// lock object holds exactly body (which names this holder and the time it
// was made), with its generation.
func (b *Backend) ownLock(ctx context.Context, err error, body []byte) (int64, bool) {
	var lw *lostWrite
	if !errors.As(err, &lw) {
		return 0, false
	}
	data, gen, rerr := b.readObject(ctx, b.bucket.Object(b.lockObj), 1<<20)
	if rerr != nil || !bytes.Equal(data, body) {
		return 0, false
	}
	return gen, true
}

// readLock returns the lock and its generation, or nil when unlocked. A
// stored lock without an ID (as first written) has its generation as ID.
func (b *Backend) readLock(ctx context.Context) (*heldLock, error) {
	data, gen, err := b.readObject(ctx, b.bucket.Object(b.lockObj), 1<<20)
	if errors.Is(err, storage.ErrObjectNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, b.wrap("read lock", err)
	}
	var info state.LockInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return nil, b.errorf("lock object gs://%s/%s is not a lock record: %v; remove it with force-unlock after checking no run is active",
			b.cfg.Bucket, b.lockObj, err)
	}
	if info.ID == "" {
		info.ID = strconv.FormatInt(gen, 10)
	}
	return &heldLock{info: &info, generation: gen}, nil
}

func encodeLock(info *state.LockInfo) []byte {
	data, err := json.Marshal(info)
	if err != nil {
		panic(fmt.Sprintf("gcs: encode lock info: %v", err)) // plain struct: cannot fail
	}
	return data
}

// heldError reports that the lock is held by held.
func (b *Backend) heldError(held *state.LockInfo) error {
	if held == nil {
		return &state.LockError{Err: b.errorf("the lock changed while it was being taken; try again")}
	}
	if held.Expires.IsZero() {
		return &state.LockError{Info: held, Err: b.errorf("locked with no expiry")}
	}
	return &state.LockError{Info: held, Err: b.errorf("locked until %s", held.Expires.UTC().Format(time.RFC3339))}
}

// notHeldError reports that id does not hold the lock.
func (b *Backend) notHeldError(id string, held *heldLock) error {
	if held == nil {
		return &state.LockError{Err: b.errorf("lock %s is not held: the state is not locked", id)}
	}
	return &state.LockError{Info: held.info, Err: b.errorf("lock %s is not held", id)}
}
