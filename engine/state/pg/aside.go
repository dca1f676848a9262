package pg

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// Set-aside journals (docs/state.md, "Set-aside journals"): the rows of
// the journal table with set_aside_at set (foldJournal), one journal per
// document they were relative to and time they were set aside.

var _ state.JournalInspector = (*Backend)(nil)

// asideJournal is one set-aside journal: its description and its rows'
// key.
type asideJournal struct {
	info    state.SetAsideJournal
	baseID  int64
	baseSum []byte
	at      time.Time
	data    [][]byte
}

func (a *asideJournal) aside() state.SetAsideJournal { return a.info }

// listAside reads the workspace's set-aside journal rows, grouped; their
// data only when withData (without it, Size is 0).
func (b *Backend) listAside(ctx context.Context, withData bool) ([]*asideJournal, error) {
	if err := b.store.prepare(ctx); err != nil {
		return nil, err
	}
	if !b.store.journal {
		return nil, nil
	}
	data := "data"
	if !withData {
		data = "NULL::bytea"
	}
	rows, err := b.store.pool.Query(ctx, `SELECT base_id, base_sha256, base_lineage, base_serial, set_aside_at, `+data+` FROM `+
		b.store.tables.journal+` WHERE name = $1 AND set_aside_at IS NOT NULL ORDER BY set_aside_at, base_id, base_sha256, seq`, b.name)
	if err != nil {
		return nil, b.wrap("list set-aside state journals", err)
	}
	defer rows.Close()
	var out []*asideJournal
	for rows.Next() {
		var (
			id      int64
			sum     []byte
			lineage string
			serial  int64
			at      time.Time
			data    []byte
		)
		if err := rows.Scan(&id, &sum, &lineage, &serial, &at, &data); err != nil {
			return nil, b.wrap("list set-aside state journals", err)
		}
		var a *asideJournal
		if n := len(out); n > 0 && out[n-1].baseID == id && string(out[n-1].baseSum) == string(sum) && out[n-1].at.Equal(at) {
			a = out[n-1]
		} else {
			where := fmt.Sprintf("%s.%s (workspace %s, base_id %d, base_sha256 %s, set_aside_at %s)",
				b.store.cfg.schemaName(), journalTable, b.name, id, hex.EncodeToString(sum), at.UTC().Format(time.RFC3339Nano))
			a = &asideJournal{baseID: id, baseSum: sum, at: at, info: state.SetAsideJournal{
				ID: state.SetAsideJournalID(where), Where: where, SetAside: at.UTC(),
				Base: fmt.Sprintf("lineage %s serial %d", lineage, serial)}}
			out = append(out, a)
		}
		a.data = append(a.data, data)
		a.info.Appends++
		a.info.Size += int64(len(data))
	}
	if err := rows.Err(); err != nil {
		return nil, b.wrap("list set-aside state journals", err)
	}
	return out, nil
}

// decode decodes a's appends in order, counting its records.
func (b *Backend) decodeAside(a *asideJournal) []state.JournalEntry {
	var all []state.JournalEntry
	for i, d := range a.data {
		e, err := state.DecodeJournalEntries(d, b.codec)
		if err != nil {
			a.info.Records, a.info.DecodeErr = -1, fmt.Errorf("append %d: %w", i+1, err)
			return nil
		}
		all = append(all, e...)
	}
	a.info.Records = len(all)
	return all
}

// SetAsideJournals lists the workspace's set-aside journals, oldest first.
func (b *Backend) SetAsideJournals(ctx context.Context) ([]state.SetAsideJournal, error) {
	list, err := b.listAside(ctx, true)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		b.decodeAside(a)
	}
	return state.SetAsideInfos(list, (*asideJournal).aside), nil
}

// SetAsideJournalIDs lists the IDs of the workspace's set-aside
// journals, oldest first, without reading their rows' data.
func (b *Backend) SetAsideJournalIDs(ctx context.Context) ([]string, error) {
	list, err := b.listAside(ctx, false)
	if err != nil {
		return nil, err
	}
	return state.SetAsideIDs(list, (*asideJournal).aside), nil
}

// ReadSetAsideJournal returns the set-aside journal id and its entries.
func (b *Backend) ReadSetAsideJournal(ctx context.Context, id string) (state.SetAsideJournal, []state.JournalEntry, error) {
	list, err := b.listAside(ctx, true)
	if err != nil {
		return state.SetAsideJournal{}, nil, err
	}
	picked, err := state.PickSetAsideJournals(list, (*asideJournal).aside, []string{id})
	if err != nil {
		return state.SetAsideJournal{}, nil, b.errorf("%w", err)
	}
	a := picked[0]
	entries := b.decodeAside(a)
	if err := state.UnreadableSetAside(a.info); err != nil {
		return a.info, nil, b.errorf("%w", err)
	}
	return a.info, entries, nil
}

// RemoveSetAsideJournals deletes the rows of the set-aside journals ids,
// in one transaction; only rows with set_aside_at set, never the live
// journal's.
func (b *Backend) RemoveSetAsideJournals(ctx context.Context, ids []string) error {
	list, err := b.listAside(ctx, false)
	if err != nil {
		return err
	}
	picked, err := state.PickSetAsideJournals(list, (*asideJournal).aside, ids)
	if err != nil {
		return b.errorf("%w", err)
	}
	tx, err := b.store.pool.Begin(ctx)
	if err != nil {
		return b.wrap("remove set-aside state journals", err)
	}
	defer tx.Rollback(ctx)
	for _, a := range picked {
		_, err := tx.Exec(ctx, `DELETE FROM `+b.store.tables.journal+
			` WHERE name = $1 AND set_aside_at IS NOT NULL AND set_aside_at = $2 AND base_id = $3 AND base_sha256 = $4`,
			b.name, a.at, a.baseID, a.baseSum)
		if err != nil {
			return b.wrap("remove set-aside state journals", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return b.wrap("remove set-aside state journals", err)
	}
	return nil
}
