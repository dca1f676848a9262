package statetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"

	"github.com/trueup/trueup/engine/state"
)

// FaultStore wraps the state.ObjectStore of one client's journal
// (JournalStore.WrapStore) to inject what a real store and network do
// only by chance: a lost connection around an append, a crash between a
// whole write and the journal's removal, another client's request landing
// at an exact point, identities that are no digest of the bytes. Each
// fault is armed once, for the next matching request.
type FaultStore struct {
	state.ObjectStore

	mu         sync.Mutex
	put        putFault
	keepDelete bool
	afterList  func()
	opaqueIDs  bool
	failHead   bool
}

type putFault int

const (
	putOK putFault = iota
	putLost
	putLanded
	putRetried
)

// errInjected is the error of a request FaultStore failed.
var errInjected = errors.New("injected fault: connection reset")

// FailNextPut makes the next PutIfAbsent fail as a lost connection would:
// before the object is stored, or (landed) after.
func (f *FaultStore) FailNextPut(landed bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.put = putLost
	if landed {
		f.put = putLanded
	}
}

// RetryNextPut makes the next PutIfAbsent go out twice, as a client's
// retry of a request whose response was lost after the object landed
// does: the answer is the second's, that the object exists.
func (f *FaultStore) RetryNextPut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.put = putRetried
}

// FailNextJournalHead makes the next Head of a journal object (a name
// with ".journal/") fail as a lost connection would.
func (f *FaultStore) FailNextJournalHead() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failHead = true
}

// KeepNextDelete makes the next Delete do nothing and succeed, as a crash
// right after a whole write leaves the journal it folded in.
func (f *FaultStore) KeepNextDelete() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keepDelete = true
}

// AfterNextList runs fn once the next List has its answer, before the
// caller sees it: what fn stores is not in that answer.
func (f *FaultStore) AfterNextList(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.afterList = fn
}

// OpaqueIDs makes the identities of journal objects (names with
// ".journal/") no digest of their bytes from now on, as S3's ETags under
// SSE-KMS are not their MD5: each is replaced by a hash of itself.
func (f *FaultStore) OpaqueIDs() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opaqueIDs = true
}

func (f *FaultStore) id(name, id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.opaqueIDs || id == "" || !strings.Contains(name, ".journal/") {
		return id
	}
	sum := sha256.Sum256([]byte("kms:" + id))
	return "kms" + hex.EncodeToString(sum[:8])
}

// PutIfAbsent applies an armed FailNextPut or RetryNextPut.
func (f *FaultStore) PutIfAbsent(ctx context.Context, name string, data []byte, meta map[string]string) (string, error) {
	f.mu.Lock()
	fault := f.put
	f.put = putOK
	f.mu.Unlock()
	switch fault {
	case putLost:
		return "", errInjected
	case putLanded:
		if _, err := f.ObjectStore.PutIfAbsent(ctx, name, data, meta); err != nil {
			return "", err
		}
		return "", errInjected
	case putRetried:
		if _, err := f.ObjectStore.PutIfAbsent(ctx, name, data, meta); err != nil {
			return "", err
		}
	}
	id, err := f.ObjectStore.PutIfAbsent(ctx, name, data, meta)
	return f.id(name, id), err
}

// Head applies an armed FailNextJournalHead, and reports identities as
// OpaqueIDs says.
func (f *FaultStore) Head(ctx context.Context, name string) (state.ObjectInfo, error) {
	f.mu.Lock()
	fail := f.failHead && strings.Contains(name, ".journal/")
	if fail {
		f.failHead = false
	}
	f.mu.Unlock()
	if fail {
		return state.ObjectInfo{}, errInjected
	}
	info, err := f.ObjectStore.Head(ctx, name)
	info.ID = f.id(name, info.ID)
	return info, err
}

// List runs an armed AfterNextList callback, and reports identities as
// OpaqueIDs says.
func (f *FaultStore) List(ctx context.Context, prefix string) ([]state.JournalObject, error) {
	objs, err := f.ObjectStore.List(ctx, prefix)
	for i := range objs {
		objs[i].ID = f.id(objs[i].Name, objs[i].ID)
	}
	f.mu.Lock()
	fn := f.afterList
	f.afterList = nil
	f.mu.Unlock()
	if fn != nil {
		fn()
	}
	return objs, err
}

// Delete applies an armed KeepNextDelete.
func (f *FaultStore) Delete(ctx context.Context, names []string) error {
	f.mu.Lock()
	keep := f.keepDelete
	f.keepDelete = false
	f.mu.Unlock()
	if keep {
		return nil
	}
	return f.ObjectStore.Delete(ctx, names)
}
