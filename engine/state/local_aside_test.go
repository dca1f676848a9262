package state_test

import (
	"os"
	"path/filepath"
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
