package pg_test

import (
	"testing"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// asideStorage is the set-aside suite's storage: a fresh database whose
// default workspace's row is written behind the clients' back by an
// UPDATE, as Terraform's own client would.
func asideStorage(codec state.Codec) statetest.NewAsideStorage {
	return func(t *testing.T) statetest.AsideStorage {
		d := journalDB{url: server.NewDatabase(t), codec: codec}
		return statetest.AsideStorage{
			Client: func() state.Backend { return d.client(t) },
			ForeignWrite: func(data []byte) {
				if _, err := sql(t, d.url).Exec(t.Context(), `UPDATE terraform_remote_state.states SET data = $1 WHERE name = 'default'`, string(data)); err != nil {
					t.Fatal(err)
				}
			},
			Codec:     codec,
			Encrypted: codec.Sealer != nil,
		}
	}
}

func TestSetAsideJournals(t *testing.T) {
	t.Parallel()
	statetest.RunSetAsideJournals(t, asideStorage(state.Codec{}))
}

func TestSetAsideJournalsEncrypted(t *testing.T) {
	t.Parallel()
	statetest.RunSetAsideJournals(t, asideStorage(statetest.PassphraseCodec(t, "a passphrase for the set-aside suite")))
}
