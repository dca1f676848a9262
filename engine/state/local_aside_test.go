package state_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// localAside is the set-aside suite's storage: a state file in a fresh
// directory, written behind the clients' back by os.WriteFile.
func localAside(codec state.Codec) statetest.NewAsideStorage {
	return func(t *testing.T) statetest.AsideStorage {
		path := filepath.Join(t.TempDir(), "terraform.tfstate")
		return statetest.AsideStorage{
			Client: func() state.Backend { return state.NewLocalWith(path, codec) },
			ForeignWrite: func(data []byte) {
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
			},
			Codec:     codec,
			Encrypted: codec.Sealer != nil,
		}
	}
}

func TestLocalSetAsideJournals(t *testing.T) {
	statetest.RunSetAsideJournals(t, localAside(state.Codec{}))
}

func TestLocalSetAsideJournalsEncrypted(t *testing.T) {
	statetest.RunSetAsideJournals(t, localAside(mustCodec(t)))
}

// A set-aside journal whose entries cannot be decoded is listed with
// Records -1, and reading it is an error that says so and where it is.
func TestLocalUnreadableSetAsideJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	l := state.NewLocal(path)
	aside := l.JournalPath() + ".unreplayed-20260102T030405.000000000Z"
	if err := os.WriteFile(aside, []byte("not a journal\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	list, err := l.SetAsideJournals(t.Context())
	if err != nil || len(list) != 1 || list[0].Records != -1 || list[0].DecodeErr == nil {
		t.Fatalf("SetAsideJournals = %+v, %v; want one with Records -1 and a DecodeErr", list, err)
	}
	_, entries, err := l.ReadSetAsideJournal(t.Context(), list[0].ID)
	if err == nil || entries != nil || !strings.Contains(err.Error(), "the set-aside journal "+aside+" cannot be read") {
		t.Errorf("ReadSetAsideJournal = %d entries, %v; want an error saying %s cannot be read", len(entries), err, aside)
	}
}
