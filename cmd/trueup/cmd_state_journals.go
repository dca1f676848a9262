package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/state"
)

// `trueup state journals`: the journals a lock holder set aside because
// they did not belong to the stored state (docs/state.md, "Set-aside
// journals"): list them, show what one holds against the current state,
// remove them.

const stateJournalsUsage = "usage: trueup state journals [list] | show [-json] ID | rm [-lock=false] [-lock-timeout=D] (ID... | -all)"

// journalsOpts are the flags of `state journals`.
type journalsOpts struct {
	sf      stateFlags
	jsonOut bool
	all     bool
}

func (c *cli) stateJournals(ctx context.Context, b state.Backend, args []string, o journalsOpts) int {
	ji, ok := state.JournalInspectorOf(b)
	if !ok {
		return c.errorf("%s keeps no state journal: it has no set-aside journals", b)
	}
	sub := "list"
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "list":
		if len(args) != 0 || o.all {
			return c.errorf("%s", stateJournalsUsage)
		}
		return c.stateJournalsList(ctx, ji, o.jsonOut)
	case "show":
		if len(args) != 1 || o.all {
			return c.errorf("state journals show takes exactly one journal ID (see trueup state journals)")
		}
		return c.stateJournalsShow(ctx, ji, args[0], o.jsonOut)
	case "rm":
		if len(args) == 0 && !o.all || len(args) > 0 && o.all {
			return c.errorf("state journals rm takes journal IDs, or -all")
		}
		unlock, err := c.lockState(ctx, b, "state journals rm", o.sf.lock, o.sf.lockTimeout)
		if err != nil {
			return c.errorf("%v", err)
		}
		defer unlock()
		return c.stateJournalsRm(ctx, ji, args, o.all)
	}
	return c.errorf("unknown state journals subcommand %q: %s", sub, stateJournalsUsage)
}

// journalJSON is one set-aside journal in `state journals -json`.
type journalJSON struct {
	ID       string    `json:"id"`
	Where    string    `json:"where"`
	SetAside time.Time `json:"set_aside_at"`
	Base     string    `json:"relative_to"`
	Appends  int       `json:"appends"`
	Records  int       `json:"records"`
	Size     int64     `json:"size"`
	Error    string    `json:"error,omitempty"`
}

func toJournalJSON(j state.SetAsideJournal) journalJSON {
	out := journalJSON{ID: j.ID, Where: j.Where, SetAside: j.SetAside.UTC(), Base: j.Base, Appends: j.Appends, Records: j.Records, Size: j.Size}
	if j.DecodeErr != nil {
		out.Error = j.DecodeErr.Error()
	}
	return out
}

func (c *cli) stateJournalsList(ctx context.Context, ji state.JournalInspector, jsonOut bool) int {
	ctx = c.noticeCtx(ctx)
	// The read warns (stderr) of a journal that no longer matches the
	// stored state but is not set aside yet: no command has held the lock
	// since. A failed read does not stop the listing.
	if _, err := ji.Read(ctx); err != nil {
		fmt.Fprintf(c.stderr, "Warning: reading state from %s: %v\n", ji, err)
	}
	list, err := ji.SetAsideJournals(ctx)
	if err != nil {
		return c.errorf("listing the set-aside journals of %s: %v", ji, err)
	}
	if jsonOut {
		out := make([]journalJSON, len(list))
		for i, j := range list {
			out[i] = toJournalJSON(j)
		}
		return c.printJSON(map[string]any{"set_aside_journals": out})
	}
	if len(list) == 0 {
		fmt.Fprintf(c.stdout, "No set-aside journals in %s.\n", ji)
		return 0
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSET ASIDE\tRELATIVE TO\tAPPENDS\tRECORDS\tSIZE")
	for _, j := range list {
		records := fmt.Sprint(j.Records)
		if j.DecodeErr != nil {
			records = "unreadable"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d B\n", j.ID, j.SetAside.UTC().Format(time.RFC3339), j.Base, j.Appends, records, j.Size)
	}
	tw.Flush()
	fmt.Fprintln(c.stdout)
	for _, j := range list {
		fmt.Fprintf(c.stdout, "%s: %s\n", j.ID, j.Where)
		if j.DecodeErr != nil {
			fmt.Fprintf(c.stdout, "  cannot be read: %v\n", j.DecodeErr)
		}
	}
	fmt.Fprintln(c.stdout, "\nA set-aside journal was never applied. Inspect one with `trueup state journals show ID`; remove it with `trueup state journals rm ID`.")
	return 0
}

// journalShowJSON is `state journals show -json`.
type journalShowJSON struct {
	Journal journalJSON      `json:"journal"`
	Objects []journalObjJSON `json:"objects"`
	Values  json.RawMessage  `json:"values"`
}

type journalObjJSON struct {
	Address string `json:"address"`
	Deposed string `json:"deposed,omitempty"`
	Action  string `json:"action"` // "set" or "remove"
	InState bool   `json:"in_state"`
	Same    bool   `json:"same_as_state"`
	Summary string `json:"summary"`
}

func (c *cli) stateJournalsShow(ctx context.Context, ji state.JournalInspector, id string, jsonOut bool) int {
	ctx = c.noticeCtx(ctx)
	info, entries, err := ji.ReadSetAsideJournal(ctx, id)
	if err != nil {
		return c.errorf("%v", err)
	}
	cur, err := ji.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", ji, err)
	}
	changes := state.CompareJournal(cur, entries)
	// The objects the journal sets, as a state, rendered as `state show`
	// and `show -json` render a state: sensitive values redacted.
	var sets []state.JournalEntry
	for _, ch := range changes {
		if !ch.Removed {
			sets = append(sets, state.JournalEntry{Op: state.JournalSetInstance, Addr: ch.Addr.Resource, Instance: ch.Instance,
				Provider: ch.Provider, EachMode: ch.EachMode})
		}
	}
	js := state.New()
	js.ApplyJournal(sets)
	dec, done, ok := c.stateDecoder(ctx)
	if !ok {
		return 1
	}
	defer done()
	if jsonOut {
		var values bytes.Buffer
		if err := render.StateJSON(&values, js, valueDecoder(dec)); err != nil {
			return c.errorf("%v", err)
		}
		out := journalShowJSON{Journal: toJournalJSON(info), Objects: []journalObjJSON{}, Values: bytes.TrimSpace(values.Bytes())}
		for _, ch := range changes {
			action := "set"
			if ch.Removed {
				action = "remove"
			}
			out.Objects = append(out.Objects, journalObjJSON{Address: ch.Addr.String(), Deposed: ch.Deposed, Action: action,
				InState: ch.InState, Same: ch.Same, Summary: ch.Describe()})
		}
		return c.printJSON(out)
	}
	fmt.Fprintf(c.stdout, "Set-aside journal %s\n  where:       %s\n  set aside:   %s\n  relative to: %s\n  appends:     %d, records: %d, %d B\n\n",
		info.ID, info.Where, info.SetAside.UTC().Format(time.RFC3339), info.Base, info.Appends, info.Records, info.Size)
	stored := "no state"
	if cur != nil {
		stored = fmt.Sprintf("lineage %s serial %d", cur.Lineage, cur.Serial)
	}
	if len(changes) == 0 {
		fmt.Fprintf(c.stdout, "It sets or removes no object (only outputs, check results or metadata).\n")
		return 0
	}
	fmt.Fprintf(c.stdout, "Its objects, compared with the current state (%s):\n", stored)
	for _, ch := range changes {
		name := ch.Addr.String()
		if ch.Deposed != "" {
			name += " (deposed " + ch.Deposed + ")"
		}
		fmt.Fprintf(c.stdout, "  %s: %s\n", name, ch.Describe())
	}
	if len(js.Resources) > 0 {
		fmt.Fprintln(c.stdout, "\nThe objects it sets:")
		if err := render.StateHuman(c.stdout, js, dec); err != nil {
			return c.errorf("%v", err)
		}
	}
	return 0
}

func (c *cli) stateJournalsRm(ctx context.Context, ji state.JournalInspector, ids []string, all bool) int {
	ctx = c.noticeCtx(ctx)
	// Read as the lock holder: a journal that no longer matches the stored
	// state is set aside now, and a journal that does is the live one,
	// which no ID names.
	if _, err := ji.Read(ctx); err != nil {
		return c.errorf("reading state from %s: %v", ji, err)
	}
	if all {
		listed, err := ji.SetAsideJournalIDs(ctx)
		if err != nil {
			return c.errorf("listing the set-aside journals of %s: %v", ji, err)
		}
		if len(listed) == 0 {
			fmt.Fprintf(c.stdout, "No set-aside journals in %s.\n", ji)
			return 0
		}
		ids = append(ids, listed...)
	}
	if err := ji.RemoveSetAsideJournals(ctx, ids); err != nil {
		return c.errorf("%v", err)
	}
	for _, id := range ids {
		fmt.Fprintf(c.stdout, "Removed set-aside journal %s\n", id)
	}
	return 0
}

// noticeCtx prints the state's notices (a journal set aside or left in
// place) on stderr.
func (c *cli) noticeCtx(ctx context.Context) context.Context {
	return state.WithLockNotice(ctx, func(msg string) { fmt.Fprintln(c.stderr, msg) })
}
