package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// TestKillDashNineMidApplyKeepsTheJournaledRecords kills a real apply of
// the soak's stack with SIGKILL once its intermediate writes go to the
// state journal (terraform.tfstate.journal, docs/state.md "The journal"),
// and checks that the next commands see every record the journal holds,
// beyond the document's, and that the apply after converges without
// duplicates and folds the journal away.
func TestKillDashNineMidApplyKeepsTheJournaledRecords(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": soakConfig("")})
	journal := s.path("terraform.tfstate.journal")
	started := time.Now()
	bg := s.start("apply", "-auto-approve", "-no-color", "-var", "gen=1")
	// Wait for a journal holding created files, and a second append.
	var seen int
	for seen < 2 {
		select {
		case <-bg.done:
			t.Fatalf("the apply finished before its journal held two appends:\n%s", tail(bg.output(), 30))
		case <-time.After(20 * time.Millisecond):
		}
		b, _ := os.ReadFile(journal)
		if n := len(journalFiles(t, b)); n > 0 && seen == 0 {
			seen = 1
		} else if seen == 1 && n > 0 && bytes.Count(b, []byte("\n")) > 1+n {
			seen = 2 // not only the first append: at least one other entry
		}
	}
	killedAt := time.Now()
	if err := bg.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("the apply ended before the kill: %v\n%s", err, tail(bg.output(), 30))
	}
	bg.wait(t, 30*time.Second)

	jb, err := os.ReadFile(journal)
	if err != nil {
		t.Fatalf("no journal after the kill: %v", err)
	}
	inJournal := journalFiles(t, jb)
	doc, err := state.Decode([]byte(s.read("terraform.tfstate")))
	if err != nil {
		t.Fatal(err)
	}
	inDoc := soakFiles(t, doc)
	pulled := s.must(0, "state", "pull")
	st, err := state.Decode([]byte(pulled.stdout))
	if err != nil {
		t.Fatalf("state pull after the kill: %v", err)
	}
	recorded := soakFiles(t, st)
	beyond := 0
	for name, content := range inJournal {
		if recorded[name] != content {
			t.Errorf("the journal records out/%s = %q, state pull after the kill %q", name, content, recorded[name])
		}
		if inDoc[name] != content {
			beyond++
		}
	}
	if beyond == 0 {
		t.Fatalf("the journal holds no record the document lacks (%d in the journal, %d in the document): nothing tested", len(inJournal), len(inDoc))
	}
	listed := strings.Fields(s.must(0, "state", "list").stdout)
	if len(listed) != objectCount(st) {
		t.Errorf("state list shows %d objects, state pull %d", len(listed), objectCount(st))
	}
	t.Logf("killed %s after the start: the document records %d files, the journal %d (%d beyond the document), state pull %d",
		killedAt.Sub(started).Round(time.Millisecond), len(inDoc), len(inJournal), beyond, len(recorded))
	var f soakFigures
	checkKilledApply(t, s, 1, started, killedAt, soakRecordLag, &f)

	// The next apply converges: every file once, no duplicate, the journal
	// folded into the document and removed.
	r := s.must(0, "apply", "-auto-approve", "-no-color", "-var", "gen=1")
	checkConverged(t, s, 1, r)
	if s.exists("terraform.tfstate.journal") {
		t.Error("the journal is still there after the converging apply")
	}
	s.must(0, "plan", "-detailed-exitcode", "-no-color", "-var", "gen=1")
}

// journalFiles reads the local_file objects a plain journal records, by
// file name, applying its entries in order (a torn last line ignored).
func journalFiles(t *testing.T, b []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	first := true
	for sc.Scan() {
		line := sc.Bytes()
		if first {
			first = false
			continue
		}
		var e struct {
			Op, Type string
			Instance *struct {
				Deposed    string          `json:"deposed"`
				Attributes json.RawMessage `json:"attributes"`
			}
		}
		if json.Unmarshal(line, &e) != nil || e.Type != "local_file" || e.Op != "set" || e.Instance.Deposed != "" {
			continue
		}
		var a struct{ Filename, Content string }
		if err := json.Unmarshal(e.Instance.Attributes, &a); err != nil {
			t.Fatal(err)
		}
		name := a.Filename[strings.LastIndexByte(a.Filename, '/')+1:]
		out[name] = a.Content
	}
	return out
}
