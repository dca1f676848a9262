package state

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

var _ JournalInspector = (*Local)(nil)

// localAside is one journal set aside beside the state file
// (setJournalAside): PATH.journal.unreplayed-TIME.
type localAside struct {
	info SetAsideJournal
	path string
}

func (a localAside) aside() SetAsideJournal { return a.info }

// asidePrefix is the path of every set-aside journal of the state file
// but its TIME.
func (l *Local) asidePrefix() string { return l.JournalPath() + ".unreplayed-" }

// listAside finds the set-aside journals, without reading them.
func (l *Local) listAside() ([]localAside, error) {
	prefix := l.asidePrefix()
	entries, err := os.ReadDir(filepath.Dir(prefix))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: list set-aside journals: %w", l, err)
	}
	var out []localAside
	for _, e := range entries {
		path := filepath.Join(filepath.Dir(prefix), e.Name())
		ts, ok := strings.CutPrefix(path, prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		at, err := time.Parse(setAsideTimeFormat, ts)
		if err != nil {
			continue
		}
		out = append(out, localAside{info: SetAsideJournal{ID: SetAsideJournalID(path), Where: path, SetAside: at}, path: path})
	}
	slices.SortFunc(out, func(a, b localAside) int { return compareSetAside(a.info, b.info) })
	return out, nil
}

// readAside reads a's file, filling in its base, size and counts.
func (l *Local) readAside(a *localAside) ([]JournalEntry, error) {
	b, err := os.ReadFile(a.path)
	if err != nil {
		return nil, fmt.Errorf("%s: read set-aside journal: %w", l, err)
	}
	a.info.Size = int64(len(b))
	h, entries, err := parseJournal(b, l.codec)
	if h.Lineage != "" {
		a.info.Base = fmt.Sprintf("lineage %s serial %d", h.Lineage, h.Serial)
	}
	a.info.countRecords(entries, err)
	// Each append ends with its serial (JournalSerial); a sealed append
	// is one line.
	for _, e := range entries {
		if e.Op == JournalSerial {
			a.info.Appends++
		}
	}
	if a.info.Appends == 0 && len(entries) > 0 {
		a.info.Appends = 1
	}
	return entries, nil
}

// SetAsideJournals lists the journals set aside beside the state file,
// oldest first.
func (l *Local) SetAsideJournals(ctx context.Context) ([]SetAsideJournal, error) {
	list, err := l.listAside()
	if err != nil {
		return nil, err
	}
	for i := range list {
		if _, err := l.readAside(&list[i]); err != nil {
			return nil, err
		}
	}
	return SetAsideInfos(list, localAside.aside), nil
}

// SetAsideJournalIDs lists the IDs of the journals set aside beside the
// state file, oldest first, without reading them.
func (l *Local) SetAsideJournalIDs(ctx context.Context) ([]string, error) {
	list, err := l.listAside()
	if err != nil {
		return nil, err
	}
	return SetAsideIDs(list, localAside.aside), nil
}

// ReadSetAsideJournal returns the set-aside journal id and its entries.
func (l *Local) ReadSetAsideJournal(ctx context.Context, id string) (SetAsideJournal, []JournalEntry, error) {
	list, err := l.listAside()
	if err != nil {
		return SetAsideJournal{}, nil, err
	}
	picked, err := PickSetAsideJournals(list, localAside.aside, []string{id})
	if err != nil {
		return SetAsideJournal{}, nil, fmt.Errorf("%s: %w", l, err)
	}
	a := picked[0]
	entries, err := l.readAside(&a)
	if err != nil {
		return a.info, nil, err
	}
	if err := UnreadableSetAside(a.info); err != nil {
		return a.info, nil, fmt.Errorf("%s: %w", l, err)
	}
	return a.info, entries, nil
}

// RemoveSetAsideJournals deletes the set-aside journals ids: never the
// live journal PATH.journal.
func (l *Local) RemoveSetAsideJournals(ctx context.Context, ids []string) error {
	list, err := l.listAside()
	if err != nil {
		return err
	}
	picked, err := PickSetAsideJournals(list, localAside.aside, ids)
	if err != nil {
		return fmt.Errorf("%s: %w", l, err)
	}
	for _, a := range picked {
		p := a.path
		if p == l.JournalPath() || !strings.HasPrefix(p, l.asidePrefix()) {
			return fmt.Errorf("%s: refusing to delete %s: not a set-aside journal", l, p)
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: remove set-aside journal: %w", l, err)
		}
	}
	if len(picked) > 0 {
		syncDir(filepath.Dir(l.path))
	}
	return nil
}
