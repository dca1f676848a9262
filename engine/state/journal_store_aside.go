package state

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The journals a StoreJournal set aside (settle): the objects
//
//	KEY.journal-unreplayed-TIME/BASE/SEQ
//
// copied from KEY.journal/BASE/SEQ. Listing, reading and removing them is
// the same over every ObjectStore (docs/state.md, "Set-aside journals").

// asideObjectPrefix is the prefix of every set-aside journal object of key.
func asideObjectPrefix(key string) string { return key + ".journal-unreplayed-" }

// asideJournal is one set-aside journal: its prefix and objects, in order.
type asideJournal struct {
	info  SetAsideJournal
	names []string
}

func (a *asideJournal) aside() SetAsideJournal { return a.info }

// listAside lists the set-aside journals of the state object, without
// reading them.
func (j *StoreJournal) listAside(ctx context.Context) ([]*asideJournal, error) {
	prefix := asideObjectPrefix(j.Key)
	objs, err := j.Store.List(ctx, prefix)
	if err != nil {
		return nil, j.Wrap("list set-aside state journals", err)
	}
	by := map[string]*asideJournal{}
	type seqName struct {
		seq  uint64
		name string
	}
	seqs := map[string][]seqName{}
	for _, o := range objs {
		rest, ok := strings.CutPrefix(o.Name, prefix)
		if !ok {
			continue
		}
		parts := strings.Split(rest, "/")
		if len(parts) != 3 || len(parts[2]) != journalSeqWidth {
			continue
		}
		at, err := time.Parse(setAsideTimeFormat, parts[0])
		if err != nil {
			continue
		}
		seq, err := strconv.ParseUint(parts[2], 10, 64)
		if err != nil || seq == 0 {
			continue
		}
		dir := prefix + parts[0] + "/" + parts[1] + "/"
		a := by[dir]
		if a == nil {
			where := j.URL + dir
			a = &asideJournal{info: SetAsideJournal{ID: SetAsideJournalID(where), Where: where, SetAside: at, Base: parts[1]}}
			by[dir] = a
		}
		seqs[dir] = append(seqs[dir], seqName{seq, o.Name})
	}
	out := make([]*asideJournal, 0, len(by))
	for dir, a := range by {
		s := seqs[dir]
		sort.Slice(s, func(x, y int) bool { return s[x].seq < s[y].seq })
		for _, sn := range s {
			a.names = append(a.names, sn.name)
		}
		a.info.Appends = len(a.names)
		out = append(out, a)
	}
	sort.Slice(out, func(x, y int) bool { return compareSetAside(out[x].info, out[y].info) < 0 })
	return out, nil
}

// readAside reads a's objects and decodes its entries, filling in its
// size and record count.
func (j *StoreJournal) readAside(ctx context.Context, a *asideJournal) ([]JournalEntry, error) {
	data, err := j.readObjects(ctx, a.names)
	if err != nil {
		return nil, err
	}
	a.info.Size = int64(len(data))
	entries, err := DecodeJournalEntries(data, j.Codec)
	a.info.countRecords(entries, err)
	return entries, nil
}

// SetAside lists the journals set aside beside the state object, with
// their size and record count (each is read: set-aside journals are few).
func (j *StoreJournal) SetAside(ctx context.Context) ([]SetAsideJournal, error) {
	list, err := j.listAside(ctx)
	if err != nil {
		return nil, err
	}
	err = ForEach(ctx, len(list), func(ctx context.Context, i int) error {
		_, err := j.readAside(ctx, list[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	return SetAsideInfos(list, (*asideJournal).aside), nil
}

// SetAsideIDs lists the IDs of the journals set aside beside the state
// object, without reading them.
func (j *StoreJournal) SetAsideIDs(ctx context.Context) ([]string, error) {
	list, err := j.listAside(ctx)
	if err != nil {
		return nil, err
	}
	return SetAsideIDs(list, (*asideJournal).aside), nil
}

// ReadSetAside returns the set-aside journal id and its entries.
func (j *StoreJournal) ReadSetAside(ctx context.Context, id string) (SetAsideJournal, []JournalEntry, error) {
	list, err := j.listAside(ctx)
	if err != nil {
		return SetAsideJournal{}, nil, err
	}
	picked, err := PickSetAsideJournals(list, (*asideJournal).aside, []string{id})
	if err != nil {
		return SetAsideJournal{}, nil, j.Errorf("%w", err)
	}
	a := picked[0]
	entries, err := j.readAside(ctx, a)
	if err != nil {
		return a.info, nil, err
	}
	if err := UnreadableSetAside(a.info); err != nil {
		return a.info, nil, j.Errorf("%w", err)
	}
	return a.info, entries, nil
}

// RemoveSetAside deletes the set-aside journals ids; none when one of ids
// names none.
func (j *StoreJournal) RemoveSetAside(ctx context.Context, ids []string) error {
	list, err := j.listAside(ctx)
	if err != nil {
		return err
	}
	picked, err := PickSetAsideJournals(list, (*asideJournal).aside, ids)
	if err != nil {
		return j.Errorf("%w", err)
	}
	var names []string
	for _, a := range picked {
		names = append(names, a.names...)
	}
	for _, n := range names {
		if !strings.HasPrefix(n, asideObjectPrefix(j.Key)) {
			// Never the live journal (KEY.journal/...).
			return j.Errorf("refusing to delete %s: not a set-aside journal object", n)
		}
	}
	if err := j.deleteObjectsErr(ctx, names); err != nil {
		return fmt.Errorf("remove set-aside journals: %w", err)
	}
	return nil
}
