package main

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

const nullProviderAddr = `provider["registry.terraform.io/hashicorp/null"]`

// staleJournal has a writer (an apply's persister would) append records
// to the journal of the stack's stored state: null_resource.extra[k] (not
// in the state, with a sensitive trigger), a changed random_pet.p, and
// the removal of null_resource.n[1]. Then the state file is replaced
// behind its back (Terraform writing it, a hand restoring a copy): the
// journal no longer matches the stored document.
func staleJournal(t *testing.T, s *stack, k int) {
	t.Helper()
	ctx := context.Background()
	w := state.NewLocal(s.path(stateFile))
	st, err := w.Read(ctx)
	if err != nil || st == nil {
		t.Fatalf("the writer's read: %v", err)
	}
	doc := st.DeepCopy()
	work := st.DeepCopy()
	work.TrackChanges()
	extra := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "extra"}
	attrs, _ := json.Marshal(map[string]any{"id": "extra-id-" + string(rune('a'+k)), "triggers": map[string]string{"secret": "hunter2-in-the-journal"}})
	work.SetInstance(extra, nullProviderAddr, &state.Instance{Key: addrs.IntKey(k), Attributes: attrs,
		SensitiveAttributes: []cty.Path{cty.GetAttrPath("triggers")}})
	pet := work.FindResource(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "random_pet", Name: "p"})
	in := *pet.Instance(addrs.NoKey, "")
	var v map[string]any
	json.Unmarshal(in.Attributes, &v)
	v["id"] = "changed-by-the-journal"
	in.Attributes, _ = json.Marshal(v)
	work.Touch(pet.Addr, addrs.NoKey, "")
	pet.Instances[0] = &in
	work.RemoveInstance(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "n"}, addrs.IntKey(1), "")
	entries := work.TakeChanges()
	work.Serial++
	entries = append(entries, state.JournalEntry{Op: state.JournalSerial, Serial: work.Serial})
	if err := w.AppendJournal(ctx, entries); err != nil {
		t.Fatalf("AppendJournal: %v", err)
	}
	doc.Serial += 5
	b, err := state.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.path(stateFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var journalIDLine = regexp.MustCompile(`(?m)^([0-9a-f]{12})  `)

func listedJournalIDs(t *testing.T, s *stack) []string {
	t.Helper()
	var ids []string
	for _, m := range journalIDLine.FindAllStringSubmatch(s.must(0, "state", "journals").stdout, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// TestStateJournalsListShowAndRemoveSetAsideJournals: a journal a stale
// writer left, set aside by the next command that takes the lock, is
// listed, shown against the current state (sensitive values redacted),
// and removed by ID or with -all; the live journal is never removed.
func TestStateJournalsListShowAndRemoveSetAsideJournals(t *testing.T) {
	t.Parallel()
	s := stateCommandsStack(t)
	wantContains(t, s.must(0, "state", "journals"), "No set-aside journals")

	staleJournal(t, s, 0)
	// A reader without the lock leaves it in place, and lists nothing.
	r := s.must(0, "state", "journals")
	wantContains(t, r, "No set-aside journals", "left in place")
	// The next command taking the lock sets it aside.
	r = s.must(0, "state", "rm", "null_resource.a")
	wantContains(t, r, "unreplayed")
	ids := listedJournalIDs(t, s)
	if len(ids) != 1 {
		t.Fatalf("state journals listed %v; want one journal", ids)
	}
	wantContains(t, s.must(0, "state", "journals"), "lineage ", ".journal.unreplayed-")
	var listed struct {
		Journals []struct {
			ID      string `json:"id"`
			Appends int    `json:"appends"`
			Records int    `json:"records"`
			Size    int64  `json:"size"`
		} `json:"set_aside_journals"`
	}
	if err := json.Unmarshal([]byte(s.must(0, "state", "journals", "-json").stdout), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed.Journals) != 1 || listed.Journals[0].ID != ids[0] || listed.Journals[0].Appends != 1 || listed.Journals[0].Records != 4 || listed.Journals[0].Size == 0 {
		t.Fatalf("state journals -json = %+v; want the one journal: 1 append, 4 records", listed)
	}

	r = s.must(0, "state", "journals", "show", ids[0])
	wantContains(t, r,
		"null_resource.extra[0]: in the journal, not in the state",
		"random_pet.p: differs between the journal and the state",
		"null_resource.n[1]: removed in the journal, still in the state",
		`resource "null_resource" "extra"`, "changed-by-the-journal")
	wantNotContains(t, r, "hunter2-in-the-journal")

	r = s.must(0, "state", "journals", "show", "-json", ids[0][:6])
	wantNotContains(t, r, "hunter2-in-the-journal")
	var shown struct {
		Journal struct {
			ID      string `json:"id"`
			Records int    `json:"records"`
		} `json:"journal"`
		Objects []struct {
			Address string `json:"address"`
			Action  string `json:"action"`
			InState bool   `json:"in_state"`
		} `json:"objects"`
		Values struct {
			Values struct {
				RootModule struct {
					Resources []struct {
						Address string `json:"address"`
					} `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
		t.Fatalf("show -json: %v\n%s", err, r.stdout)
	}
	objs := map[string]string{}
	for _, o := range shown.Objects {
		objs[o.Address] = o.Action + "/" + map[bool]string{true: "in state", false: "not in state"}[o.InState]
	}
	if shown.Journal.ID != ids[0] || objs["null_resource.extra[0]"] != "set/not in state" || objs["null_resource.n[1]"] != "remove/in state" ||
		len(shown.Values.Values.RootModule.Resources) != 2 {
		t.Fatalf("show -json = %+v; want the journal's objects and values", shown)
	}

	// A second one, then a live journal (an apply's, of the stored state).
	staleJournal(t, s, 1)
	s.must(0, "state", "rm", "null_resource.n[0]")
	ids2 := listedJournalIDs(t, s)
	if len(ids2) != 2 {
		t.Fatalf("state journals listed %v; want two", ids2)
	}
	w := state.NewLocal(s.path(stateFile))
	st, err := w.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.TrackChanges()
	live := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "live"}
	st.SetInstance(live, nullProviderAddr, &state.Instance{Key: addrs.NoKey, Attributes: json.RawMessage(`{"id":"live"}`)})
	if err := w.AppendJournal(context.Background(), st.TakeChanges()); err != nil {
		t.Fatal(err)
	}

	s.must(1, "state", "journals", "rm", "0123456789ab")
	s.must(1, "state", "journals", "show", "0123456789ab")
	if got := listedJournalIDs(t, s); len(got) != 2 {
		t.Fatalf("after a refused rm: %v; want both kept", got)
	}
	wantContains(t, s.must(0, "state", "journals", "rm", ids[0]), "Removed set-aside journal "+ids[0])
	if got := listedJournalIDs(t, s); len(got) != 1 || got[0] == ids[0] {
		t.Fatalf("after rm %s: %v; want the other kept", ids[0], got)
	}
	s.must(0, "state", "journals", "rm", "-all")
	wantContains(t, s.must(0, "state", "journals"), "No set-aside journals")
	if !s.exists(stateFile + ".journal") {
		t.Fatal("state journals rm -all removed the live journal")
	}
	if !strings.Contains(s.must(0, "state", "list").stdout, "null_resource.live") {
		t.Fatal("state list does not show the live journal's record after state journals rm -all")
	}
	wantContains(t, s.must(0, "state", "journals", "rm", "-all"), "No set-aside journals")
}
