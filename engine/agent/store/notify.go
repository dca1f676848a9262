package store

import "sync"

// Broadcast tells the subscribers of a run that it changed: its record,
// its plan or its log. A store calls Notify after each such write (the
// PostgreSQL store also when another agent's write is announced to it).
// Signals are coalesced: a subscriber that has not yet read the last one
// gets no second, and reads the run afresh either way. The zero value is
// ready for use; it is safe for concurrent use.
type Broadcast struct {
	mu   sync.Mutex
	subs map[uint64]map[chan struct{}]struct{}
}

// Subscribe returns a channel that receives after each change of run id,
// and the function that ends the subscription.
func (b *Broadcast) Subscribe(id uint64) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[uint64]map[chan struct{}]struct{}{}
	}
	if b.subs[id] == nil {
		b.subs[id] = map[chan struct{}]struct{}{}
	}
	b.subs[id][ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			delete(b.subs[id], ch)
			if len(b.subs[id]) == 0 {
				delete(b.subs, id)
			}
		})
	}
}

// Notify signals the subscribers of run id.
func (b *Broadcast) Notify(id uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[id] {
		signal(ch)
	}
}

// NotifyAll signals every subscriber: for changes of many runs at once,
// and when changes may have been missed (a lost database connection).
func (b *Broadcast) NotifyAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, chs := range b.subs {
		for ch := range chs {
			signal(ch)
		}
	}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
