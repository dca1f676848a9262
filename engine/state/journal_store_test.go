package state

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// memStore is an ObjectStore in memory; its identities count writes.
type memStore struct {
	mu   sync.Mutex
	objs map[string]memObject
	n    int
}

type memObject struct {
	data []byte
	id   string
	meta map[string]string
}

func newMemStore() *memStore { return &memStore{objs: map[string]memObject{}} }

func (m *memStore) put(name string, data []byte, meta map[string]string) string {
	m.n++
	o := memObject{data: slices.Clone(data), id: strconv.Itoa(m.n), meta: meta}
	m.objs[name] = o
	return o.id
}

func (m *memStore) PutIfAbsent(_ context.Context, name string, data []byte, meta map[string]string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objs[name]; ok {
		return "", ErrObjectExists
	}
	return m.put(name, data, meta), nil
}

func (m *memStore) Head(_ context.Context, name string) (ObjectInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objs[name]
	if !ok {
		return ObjectInfo{}, ErrObjectNotFound
	}
	return ObjectInfo{ID: o.id, Meta: o.meta}, nil
}

func (m *memStore) List(_ context.Context, prefix string) ([]JournalObject, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []JournalObject
	for name, o := range m.objs {
		if strings.HasPrefix(name, prefix) {
			out = append(out, JournalObject{Name: name, ID: o.id})
		}
	}
	return out, nil
}

func (m *memStore) Get(_ context.Context, name string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objs[name]
	if !ok {
		return nil, ErrObjectNotFound
	}
	return o.data, nil
}

func (m *memStore) Copy(_ context.Context, from, to string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objs[from]
	if !ok {
		return ErrObjectNotFound
	}
	m.put(to, o.data, o.meta)
	return nil
}

func (m *memStore) Delete(_ context.Context, names []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, n := range names {
		delete(m.objs, n)
	}
	return nil
}

// memJournal returns the journal of state object "st" in m, having read
// the document m holds there (stored by the test).
func memJournal(t *testing.T, m *memStore) *StoreJournal {
	t.Helper()
	j := &StoreJournal{
		Store:  m,
		Key:    "st",
		URL:    "mem://",
		Errorf: func(format string, args ...any) error { return fmt.Errorf("mem: "+format, args...) },
		Wrap:   func(op string, err error) error { return fmt.Errorf("mem: %s: %w", op, err) },
		Warn:   func(msg string, args ...any) { t.Log(append([]any{msg}, args...)...) },
	}
	_, err := j.Read(context.Background(), true, func(ctx context.Context) (JournalDoc, error) {
		info, err := m.Head(ctx, "st")
		if err != nil {
			return JournalDoc{}, err
		}
		return JournalDoc{
			State:  New(),
			Base:   JournalBase(info.ID),
			ID:     info.ID,
			Folded: func(context.Context) (string, error) { return info.MetaValue(JournalFoldedMeta), nil },
			Seen:   func(*State) {},
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// A whole write refused for a changed journal writes nothing: the
// backend's backup copy, which in a bucket without versions replaces the
// version before the current one, is not sent (BeforeWrite runs it only
// once the journal check passed).
func TestBeforeWriteRefusedSendsNoBackup(t *testing.T) {
	m := newMemStore()
	m.put("st", []byte("{}"), nil)
	j := memJournal(t, m)
	other := memJournal(t, m)
	if err := other.Append(context.Background(), []JournalEntry{{Op: JournalSerial, Serial: 2}}); err != nil {
		t.Fatal(err)
	}
	backups := 0
	err := j.BeforeWrite(context.Background(), func(context.Context) error { backups++; return nil })
	if !errors.Is(err, ErrStale) {
		t.Fatalf("BeforeWrite = %v; want the journal check's ErrStale", err)
	}
	if backups != 0 {
		t.Fatalf("a refused whole write ran the backup copy %d times; want none", backups)
	}
	if err := other.BeforeWrite(context.Background(), func(context.Context) error { backups++; return nil }); err != nil {
		t.Fatal(err)
	}
	if backups != 1 {
		t.Fatalf("a whole write whose journal check passed ran the backup copy %d times; want once", backups)
	}
}

// inFlightStore answers the next PutIfAbsent as S3 answers a retry while
// the first attempt is still being stored (409 ConditionalRequestConflict,
// which the adapter reports as ErrObjectExists): the object is not there
// yet, and lands afterwards (land).
type inFlightStore struct {
	*memStore
	armed bool
	land  func()
}

func (s *inFlightStore) PutIfAbsent(ctx context.Context, name string, data []byte, meta map[string]string) (string, error) {
	if s.armed {
		s.armed = false
		s.land = func() { s.memStore.PutIfAbsent(ctx, name, data, meta) }
		return "", fmt.Errorf("conditional request conflict: %w", ErrObjectExists)
	}
	return s.memStore.PutIfAbsent(ctx, name, data, meta)
}

// An append told that its object exists, which is not there when it
// looks (its own first attempt still in flight), may be its own: it is
// not refused as another client's (ErrStale, which would leave no pending
// append and refuse the whole write too), and the whole write recognises
// it by its bytes once it landed.
func TestAppendWhoseObjectIsNotThereYetIsPending(t *testing.T) {
	m := newMemStore()
	m.put("st", []byte("{}"), nil)
	j := memJournal(t, m)
	s := &inFlightStore{memStore: m, armed: true}
	j.Store = s
	err := j.Append(context.Background(), []JournalEntry{{Op: JournalSerial, Serial: 2}})
	if err == nil || errors.Is(err, ErrStale) {
		t.Fatalf("Append whose object is not there yet = %v; want an error that is not ErrStale", err)
	}
	if !errors.Is(j.Append(context.Background(), []JournalEntry{{Op: JournalSerial, Serial: 3}}), ErrNoJournalBase) {
		t.Fatal("the next append is not ErrNoJournalBase")
	}
	s.land()
	if err := j.BeforeWrite(context.Background(), func(context.Context) error { return nil }); err != nil {
		t.Fatalf("whole write after its own append landed = %v; want it recognised by its bytes", err)
	}
	if meta, ok := j.FoldedMeta(); !ok || !strings.Contains(meta, "/1/") {
		t.Fatalf("FoldedMeta = %q, %v; want the landed append folded", meta, ok)
	}
}
