package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// timedBackend is a real local backend that notes when each write ended
// and which records (outputs) it held, and can make writes slower: by
// waiting (delay: a slow disk or network, or a loaded machine) or by
// working (burn: a large state to encode). It runs in recordWithLag's
// bubble (testing/synctest), whose clock moves only while every goroutine
// in it waits, not while one works: a write waits delay on that clock,
// and one that works burn of CPU time also takes burn on it, as it would
// on an idle machine.
type timedBackend struct {
	state.Backend
	delay time.Duration
	burn  time.Duration

	mu     sync.Mutex
	writes []timedWrite
	// busy is the CPU time the writes used (their wall time where the
	// thread's CPU time cannot be read).
	busy time.Duration
	// longest is the longest write.
	longest time.Duration
}

type timedWrite struct {
	at      time.Time
	records map[string]bool
}

func (b *timedBackend) Write(ctx context.Context, s *state.State) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := time.Now()
	cpuStart, cpuOK := threadCPU()
	time.Sleep(b.delay + b.burn)
	for cpu := cpuStart; cpuOK && cpu-cpuStart < b.burn; cpu, _ = threadCPU() {
	}
	err := b.Backend.Write(ctx, s)
	w := timedWrite{at: time.Now(), records: map[string]bool{}}
	for name := range s.Outputs {
		w.records[name] = true
	}
	busy := time.Since(start)
	if cpuEnd, ok := threadCPU(); cpuOK && ok {
		busy = cpuEnd - cpuStart
	}
	b.mu.Lock()
	b.writes = append(b.writes, w)
	b.busy += busy
	b.longest = max(b.longest, time.Since(start))
	b.mu.Unlock()
	return err
}

// recordWithLag makes n records spaced by every, then one more after a
// quiet gap, and returns the longest time any took to reach the backend,
// the number of writes and the share of the time spent writing.
//
// It runs the persister in a synctest bubble: its timers, the records'
// spacing and the times noted all read the bubble's clock, which a loaded
// machine does not stretch (a timer firing late, a write descheduled).
// What the persister decides from the time is what is measured, as on an
// idle machine; on the real clock the lag and the number of writes
// depended on the load (stop 40: a lag of 860 ms, 12 writes, at load 17).
func recordWithLag(t *testing.T, interval time.Duration, b *timedBackend, every time.Duration, n int) (lag time.Duration, writes int, busy float64, longest time.Duration) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		lag, writes, busy, longest = recordWithLagInBubble(t, interval, b, every, n)
	})
	return lag, writes, busy, longest
}

func recordWithLagInBubble(t *testing.T, interval time.Duration, b *timedBackend, every time.Duration, n int) (lag time.Duration, writes int, busy float64, longest time.Duration) {
	t.Helper()
	b.Backend = state.NewLocal(filepath.Join(t.TempDir(), "s.tfstate"))
	st := state.New()
	st.Outputs = map[string]*state.Output{}
	p := newPersister(b, st, nil, hook.Nop{}, hclog.NewNullLogger(), interval)
	made := map[string]time.Time{}
	start := time.Now()
	record := func(i int) {
		name := fmt.Sprint("r", i)
		made[name] = time.Now()
		p.update(func(s *state.State) { s.Outputs[name] = &state.Output{Value: cty.NumberIntVal(int64(i))} })
	}
	for i := range n {
		record(i)
		time.Sleep(every)
	}
	time.Sleep(3 * interval) // quiet: nothing to write
	record(n)
	time.Sleep(3 * interval)
	elapsed := time.Since(start)
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for name, at := range made {
		reached := time.Duration(-1)
		for _, w := range b.writes {
			if w.records[name] {
				reached = w.at.Sub(at)
				break
			}
		}
		if reached < 0 {
			t.Fatalf("record %s never reached the backend", name)
		}
		lag = max(lag, reached)
	}
	return lag, len(b.writes), float64(b.busy) / float64(elapsed), b.longest
}

func TestPersisterWritesEachRecordAboutOneIntervalAfterItWasMade(t *testing.T) {
	const interval = 500 * time.Millisecond
	lag, writes, _, _ := recordWithLag(t, interval, &timedBackend{}, 20*time.Millisecond, 100)
	t.Logf("longest lag %v, %d writes", lag, writes)
	// A fixed tick let a record wait a whole interval plus a write; now a
	// record waits for the interval from the oldest unwritten one (less
	// a tenth for the write). On the bubble's clock no load stretches it.
	if lag > interval {
		t.Errorf("a record reached the backend %v after it was made, want about %v", lag, interval)
	}
	// 2 s of records and one late record: about one write per interval,
	// not one per record (O(N) bytes in all), and none while quiet.
	if writes > 10 {
		t.Errorf("%d writes for 100 records over 2 s at a %v interval, want about 5", writes, interval)
	}
}

func TestPersisterKeepsSlowWritesABoundedShareOfTheApply(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("the spacing counts wall time where a thread's CPU time cannot be read")
	}
	const interval = 300 * time.Millisecond
	lag, _, busy, longest := recordWithLag(t, interval, &timedBackend{burn: 100 * time.Millisecond}, 20*time.Millisecond, 100)
	t.Logf("longest lag %v, %.0f%% of the time writing (CPU), longest write %v", lag, busy*100, longest)
	if busy > 0.3 {
		t.Errorf("writing took %.0f%% of the time, want at most about a fifth", busy*100)
	}
	// The spacing rule then bounds the lag: the write under way, the
	// spacing (four write durations) and the next write.
	if lag > (writeSpacing+3)*longest {
		t.Errorf("a record reached the backend %v after it was made", lag)
	}
}

// A write that waits rather than works (a loaded machine, a slow disk or
// network) does not stretch the spacing: records still reach the backend
// about one interval after they were made. Spaced by wall time, a record
// made as a 200 ms write began waited that write, four times it and its
// own write: 1.2 s (here, with 300 ms writes, 1.8 s).
func TestPersisterSpacesWritesByTheirWorkNotTheirWaits(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("the spacing counts wall time where a thread's CPU time cannot be read")
	}
	const interval, delay = 500 * time.Millisecond, 300 * time.Millisecond
	lag, writes, _, longest := recordWithLag(t, interval, &timedBackend{delay: delay}, 20*time.Millisecond, 100)
	t.Logf("longest lag %v, %d writes, longest write %v", lag, writes, longest)
	// Spaced by wall time: 300 + 4 × 300 + 300 = 1.8 s; by work: about
	// the interval and a write.
	if lag > interval+delay {
		t.Errorf("a record reached the backend %v after it was made, want about %v", lag, interval)
	}
}

// checkingBackend is a local backend that, after each write, reads the
// file back and checks it is byte for byte the state encoded without the
// persister's encoding cache, and decodes to what was written.
type checkingBackend struct {
	*state.Local
	t      *testing.T
	writes int
}

func (b *checkingBackend) Write(ctx context.Context, s *state.State) error {
	b.t.Helper()
	if err := b.Local.Write(ctx, s); err != nil {
		return err
	}
	b.writes++
	got, err := os.ReadFile(b.Path())
	if err != nil {
		b.t.Fatal(err)
	}
	want, err := state.Encode(s.DeepCopy()) // a deep copy has no cache
	if err != nil {
		b.t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		b.t.Fatalf("write %d: the file is not the state's full encoding", b.writes)
	}
	d, err := state.Decode(got)
	if err != nil || !d.SameContent(s) {
		b.t.Fatalf("write %d: the file decodes to other content (%v)", b.writes, err)
	}
	return nil
}

// TestPersisterWritesReuseEncodings records, replaces, deposes and removes
// objects between the writes of one apply and checks that every write,
// which encodes only what changed since the last one, stores the whole
// state as a full encoding would: a crash after any write leaves a file
// that decodes to what was recorded.
func TestPersisterWritesReuseEncodings(t *testing.T) {
	b := &checkingBackend{Local: state.NewLocal(filepath.Join(t.TempDir(), "s.tfstate")), t: t}
	st := state.New()
	// Without its journal: every write stores the whole document.
	p := newPersister(struct{ state.Backend }{b}, st, nil, hook.Nop{}, hclog.NewNullLogger(), time.Hour)
	counted, single, set := recordsOn(p)
	flush := func() {
		t.Helper()
		if _, err := p.flush(context.Background(), false); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 40 {
		set(single(i), addrs.NoKey, fmt.Sprint(i))
		set(counted, addrs.IntKey(i), fmt.Sprint("c", i))
	}
	flush()
	for i := range 40 {
		set(single(i+40), addrs.NoKey, fmt.Sprint(i+40))
		if i%3 == 0 {
			set(single(i), addrs.NoKey, fmt.Sprint("replaced-", i))
			set(counted, addrs.IntKey(i), fmt.Sprint("replaced-c", i))
		}
	}
	flush()
	p.update(func(s *state.State) {
		s.FindResource(counted).Instance(addrs.IntKey(4), "").Deposed = "0000beef"
		s.FindResource(single(5)).Instance(addrs.NoKey, "").Status = "tainted"
		s.FindResource(single(6)).Instance(addrs.NoKey, "").Dependencies = []string{"null_resource.r5"}
	})
	set(counted, addrs.IntKey(4), "new-c4")
	flush()
	p.update(func(s *state.State) {
		s.RemoveInstance(counted, addrs.IntKey(4), "0000beef")
		for i := range 20 {
			s.RemoveInstance(single(i*2), addrs.NoKey, "")
			s.RemoveInstance(counted, addrs.IntKey(i*2), "")
		}
	})
	flush()
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b.writes != 4 {
		t.Errorf("%d writes, want 4", b.writes)
	}
}

// TestPersisterDropsEncodingsWhenWritesAreCostly checks that the
// persister keeps its encoding cache while writes are cheap and drops it
// once a write costs more than interval/writeSpacing (the spacing rule
// then sets how often it writes, and the cache would only hold memory).
func TestPersisterDropsEncodingsWhenWritesAreCostly(t *testing.T) {
	for _, tc := range []struct {
		burn time.Duration
		keep bool
	}{{0, true}, {150 * time.Millisecond, false}} {
		b := &timedBackend{Backend: state.NewLocal(filepath.Join(t.TempDir(), "s.tfstate")), burn: tc.burn}
		st := state.New()
		p := newPersister(b, st, nil, hook.Nop{}, hclog.NewNullLogger(), 200*time.Millisecond)
		p.update(func(s *state.State) { s.Outputs["a"] = &state.Output{Value: cty.True} })
		deadline := time.Now().Add(10 * time.Second)
		for {
			b.mu.Lock()
			n := len(b.writes)
			b.mu.Unlock()
			if n > 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		// The loop decides after its write: wait for a decision to drop
		// the cache, and give a keeping one as long.
		reuses := func() bool {
			p.mu.Lock()
			defer p.mu.Unlock()
			return p.st.ReusesEncodings()
		}
		decided := time.Now().Add(time.Second)
		for reuses() && time.Now().Before(decided) {
			time.Sleep(10 * time.Millisecond)
		}
		if keeps := reuses(); keeps != tc.keep {
			t.Errorf("a write burning %v: encodings kept %v, want %v", tc.burn, keeps, tc.keep)
		}
		if err := p.finish(context.Background()); err != nil {
			t.Fatal(err)
		}
		// No write reads what the final one would cache: the cache goes
		// with the apply rather than living on in its result.
		if reuses() {
			t.Errorf("a write burning %v: encodings kept after the final write", tc.burn)
		}
	}
}

// TestPersisterJournalsIntermediateWrites checks that, with the local
// backend, the writes between the first and the last append to the
// journal, leaving the document alone, and that after each a reader sees
// everything recorded (the journal replayed); the last write folds the
// journal into the document and removes it.
func TestPersisterJournalsIntermediateWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.tfstate")
	b := state.NewLocal(path)
	st := state.New()
	p := newPersister(b, st, nil, hook.Nop{}, hclog.NewNullLogger(), time.Hour)
	counted, single, set := recordsOn(p)
	read := func() *state.State {
		t.Helper()
		s, err := state.NewLocal(path).Read(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	flush := func(wantWhole bool) {
		t.Helper()
		whole, err := p.flush(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		if whole != wantWhole {
			t.Fatalf("flush stored the whole document: %v, want %v", whole, wantWhole)
		}
		if got := read(); !got.SameContent(p.snapshot()) {
			t.Fatal("a reader after the write does not see what was recorded")
		}
	}
	for i := range 40 {
		set(single(i), addrs.NoKey, fmt.Sprint(i))
		set(counted, addrs.IntKey(i), fmt.Sprint("c", i))
	}
	flush(true)
	doc, _ := os.ReadFile(path)
	for i := range 40 {
		set(single(i+40), addrs.NoKey, fmt.Sprint(i+40))
		if i%3 == 0 {
			set(single(i), addrs.NoKey, fmt.Sprint("replaced-", i))
		}
	}
	flush(false)
	p.update(func(s *state.State) {
		in := s.FindResource(counted).Instance(addrs.IntKey(4), "")
		s.Touch(counted, addrs.IntKey(4), "")
		in.Deposed = "0000beef"
		s.Touch(counted, addrs.IntKey(4), "0000beef")
		s.Outputs["o"] = &state.Output{Value: cty.StringVal("v")}
	})
	set(counted, addrs.IntKey(4), "new-c4")
	flush(false)
	p.update(func(s *state.State) {
		s.RemoveInstance(counted, addrs.IntKey(4), "0000beef")
		for i := range 20 {
			s.RemoveInstance(single(i*2), addrs.NoKey, "")
		}
	})
	flush(false)
	if now, _ := os.ReadFile(path); !bytes.Equal(now, doc) {
		t.Error("an intermediate write changed the document rather than appending to the journal")
	}
	if _, err := os.Stat(b.JournalPath()); err != nil {
		t.Fatalf("no journal after intermediate writes: %v", err)
	}
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(b.JournalPath()); !os.IsNotExist(err) {
		t.Errorf("the journal is still there after the final write: %v", err)
	}
	final, _ := os.ReadFile(path)
	d, err := state.Decode(final)
	if err != nil || !d.SameContent(p.snapshot()) {
		t.Fatalf("the final document does not hold what was recorded (%v)", err)
	}
}

// TestPersisterJournalsFromTheStoredDocumentAtOnce checks that an apply
// over a stored document appends to its journal from its first write,
// starting with what the working state already changed from the stored
// one, rather than writing the whole document first.
func TestPersisterJournalsFromTheStoredDocumentAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.tfstate")
	seed := state.New()
	a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "a"}
	moved := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "moved"}
	for i := range 30 {
		seed.SetInstance(a, "p", &state.Instance{Key: addrs.IntKey(i), Attributes: json.RawMessage(fmt.Sprintf(`{"id":"%d"}`, i))})
	}
	if err := state.NewLocal(path).Write(context.Background(), seed); err != nil {
		t.Fatal(err)
	}
	doc, _ := os.ReadFile(path)
	b := state.NewLocal(path)
	stored, err := b.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	work := stored.SnapshotCopy()
	// Before the apply's first record: a move the plan made.
	in := work.FindResource(a).Instance(addrs.IntKey(3), "")
	work.RemoveInstance(a, addrs.IntKey(3), "")
	work.SetInstance(moved, "p", &state.Instance{Key: addrs.NoKey, Attributes: in.Attributes})
	p := newPersister(b, work, stored, hook.Nop{}, hclog.NewNullLogger(), time.Hour)
	p.update(func(s *state.State) {
		s.SetInstance(a, "p", &state.Instance{Key: addrs.IntKey(40), Attributes: json.RawMessage(`{"id":"new"}`)})
	})
	whole, err := p.flush(context.Background(), false)
	if err != nil || whole {
		t.Fatalf("the first write: whole %v, error %v; want an append", whole, err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, doc) {
		t.Error("the first write changed the document")
	}
	got, err := state.NewLocal(path).Read(context.Background())
	if err != nil || !got.SameContent(p.snapshot()) {
		t.Fatalf("a reader after the first append does not see the move and the record (%v)", err)
	}
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	final, err := state.NewLocal(path).Read(context.Background())
	if err != nil || !final.SameContent(p.snapshot()) || final.Serial <= got.Serial {
		t.Fatalf("after the final write: %v, serial %d; want the working state above the append's serial %d", err, final.Serial, got.Serial)
	}
	if _, err := os.Stat(b.JournalPath()); !os.IsNotExist(err) {
		t.Errorf("the journal is still there after the final write: %v", err)
	}
}

// TestPersisterJournalAppendsRaiseTheSerial checks that every append is a
// new serial: a reader between two appends sees a higher serial after the
// second, and the final write stores a serial above any a reader saw, so
// that a state pulled (or a plan made) mid-apply is older than the final
// state by its serial.
func TestPersisterJournalAppendsRaiseTheSerial(t *testing.T) {
	path, _ := storedOneInstance(t, 5)
	p, stored := persisterOver(t, state.NewLocal(path))
	counted, _, set := recordsOn(p)
	readSerial := func() uint64 {
		t.Helper()
		s, err := state.NewLocal(path).Read(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s.Serial
	}
	last := stored.Serial
	for i := range 2 {
		set(counted, addrs.IntKey(i), fmt.Sprint("v", i))
		if whole, err := p.flush(context.Background(), false); err != nil || whole {
			t.Fatalf("append %d: whole %v, error %v; want an append", i+1, whole, err)
		}
		got := readSerial()
		if got <= last {
			t.Fatalf("a reader after append %d sees serial %d, want above %d", i+1, got, last)
		}
		last = got
	}
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := readSerial(); got <= last {
		t.Fatalf("the final write stored serial %d, want above %d, the last a reader saw mid-apply", got, last)
	}
}

// unwrapping is a wrapper around a backend that says what it wraps, as the
// agent's lock-watching wrapper does.
type unwrapping struct{ state.Backend }

func (u unwrapping) Unwrap() state.Backend { return u.Backend }

// TestPersisterJournalsThroughAWrapper checks that a local backend wrapped
// by a backend with Unwrap (the agent's) still journals its intermediate
// writes, while one wrapped without Unwrap stores whole documents.
func TestPersisterJournalsThroughAWrapper(t *testing.T) {
	for _, tc := range []struct {
		name    string
		wrap    func(state.Backend) state.Backend
		journal bool
	}{
		{"Unwrap", func(b state.Backend) state.Backend { return unwrapping{b} }, true},
		{"opaque", func(b state.Backend) state.Backend { return struct{ state.Backend }{b} }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.tfstate")
			l := state.NewLocal(path)
			p := newPersister(tc.wrap(l), state.New(), nil, hook.Nop{}, hclog.NewNullLogger(), time.Hour)
			counted, _, set := recordsOn(p)
			set(counted, addrs.IntKey(0), "a")
			if whole, err := p.flush(context.Background(), false); err != nil || !whole {
				t.Fatalf("first write: whole %v, error %v; want the whole document", whole, err)
			}
			set(counted, addrs.IntKey(1), "b")
			whole, err := p.flush(context.Background(), false)
			if err != nil {
				t.Fatal(err)
			}
			if whole == tc.journal {
				t.Fatalf("second write stored the whole document: %v, want %v", whole, !tc.journal)
			}
			if _, err := os.Stat(l.JournalPath()); (err == nil) != tc.journal {
				t.Fatalf("journal present: %v, want %v", err == nil, tc.journal)
			}
			if err := p.finish(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// recordsOn returns a counted resource, the single resources, and a
// function that records an object on p as the apply does.
func recordsOn(p *persister) (counted addrs.Resource, single func(int) addrs.Resource, set func(addrs.Resource, addrs.InstanceKey, string)) {
	counted = addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "c"}
	single = func(i int) addrs.Resource {
		return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: fmt.Sprint("r", i)}
	}
	set = func(a addrs.Resource, key addrs.InstanceKey, id string) {
		p.update(func(s *state.State) {
			s.SetInstance(a, "p", &state.Instance{Key: key, Attributes: json.RawMessage(`{"id":"` + id + `"}`)})
		})
	}
	return counted, single, set
}

// TestPersisterFoldsAJournalWhoseChangesWereUndone checks that the final
// write stores the whole document after an append even when the working
// state came back to the stored document's content: the journal holds a
// record the document does not, and only that write removes it.
func TestPersisterFoldsAJournalWhoseChangesWereUndone(t *testing.T) {
	path, a := storedOneInstance(t, 0)
	b := state.NewLocal(path)
	p, stored := persisterOver(t, b)
	p.update(func(s *state.State) {
		s.SetInstance(a, "p", &state.Instance{Key: addrs.IntKey(1), Attributes: json.RawMessage(`{"id":"1"}`)})
	})
	if whole, err := p.flush(context.Background(), false); err != nil || whole {
		t.Fatalf("the first write: whole %v, error %v; want an append", whole, err)
	}
	p.update(func(s *state.State) { s.RemoveInstance(a, addrs.IntKey(1), "") })
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	final, err := state.NewLocal(path).Read(context.Background())
	if err != nil || !final.SameContent(stored) {
		t.Fatalf("after the final write a reader sees %v (%v); want the stored content, the appended record undone", final, err)
	}
	if _, err := os.Stat(b.JournalPath()); !os.IsNotExist(err) {
		t.Errorf("the journal is still there after the final write: %v", err)
	}
}

// failingJournal is a local backend whose next append fails (a full
// disk), leaving the journal as it was.
type failingJournal struct {
	*state.Local
	fail bool
}

func (f *failingJournal) AppendJournal(ctx context.Context, entries []state.JournalEntry) error {
	if f.fail {
		f.fail = false
		return errors.New("no space left on device")
	}
	return f.Local.AppendJournal(ctx, entries)
}

// TestPersisterWritesTheRecordsOfAFailedAppend checks that the records a
// failed append took from the working state are written by a later write:
// they are lost to the journal, not to the state.
func TestPersisterWritesTheRecordsOfAFailedAppend(t *testing.T) {
	path, a := storedOneInstance(t, 0)
	p, _ := persisterOver(t, &failingJournal{Local: state.NewLocal(path), fail: true})
	p.update(func(s *state.State) {
		s.SetInstance(a, "p", &state.Instance{Key: addrs.IntKey(1), Attributes: json.RawMessage(`{"id":"1"}`)})
	})
	if whole, err := p.flush(context.Background(), false); err == nil || whole {
		t.Fatalf("the first write: whole %v, error %v; want a failed append", whole, err)
	}
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	final, err := state.NewLocal(path).Read(context.Background())
	if err != nil || final.FindResource(a) == nil || final.FindResource(a).Instance(addrs.IntKey(1), "") == nil {
		t.Fatalf("after the final write a reader lacks the record of the failed append (%v)", err)
	}
}

// storedOneInstance writes a local state of serial serial holding one
// object of null_resource.a, and returns its path and the resource.
func storedOneInstance(t *testing.T, serial uint64) (string, addrs.Resource) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.tfstate")
	seed := state.New()
	seed.Serial = serial
	a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "a"}
	seed.SetInstance(a, "p", &state.Instance{Key: addrs.IntKey(0), Attributes: json.RawMessage(`{"id":"0"}`)})
	if err := state.NewLocal(path).Write(context.Background(), seed); err != nil {
		t.Fatal(err)
	}
	return path, a
}

// persisterOver reads b's stored state and returns a persister of a
// working copy of it that writes to b, and the state read.
func persisterOver(t *testing.T, b state.Backend) (*persister, *state.State) {
	t.Helper()
	stored, err := b.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return newPersister(b, stored.SnapshotCopy(), stored, hook.Nop{}, hclog.NewNullLogger(), time.Hour), stored
}
