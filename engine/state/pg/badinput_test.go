package pg_test

import (
	"context"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/engine/state/statetest"
)

// badInputStorage is the default workspace's row of the database at url,
// reached through the backend and, behind its back, with SQL.
func badInputStorage(t *testing.T, url string) statetest.Storage {
	return statetest.Storage{
		Client: func() state.Backend { return mustNew(t, pg.Config{ConnStr: url}, nil) },
		AssertNamed: func(t *testing.T, err error, want string) {
			t.Helper()
			if err == nil || !strings.Contains(err.Error(), "pg backend") || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v does not name the pg backend and say %q", err, want)
			}
		},
		Put: func(t *testing.T, body string) {
			t.Helper()
			mustStore(t, pg.Config{ConnStr: url}).Workspaces(context.Background()) // the table
			_, err := sql(t, url).Exec(context.Background(), `INSERT INTO terraform_remote_state.states (name, data) VALUES ('default', $1)
ON CONFLICT (name) DO UPDATE SET data = $1`, body)
			if err != nil {
				t.Fatal(err)
			}
		},
		Get: func(t *testing.T) (string, string) {
			t.Helper()
			var body, version string
			err := sql(t, url).QueryRow(context.Background(), `SELECT data, xmin::text FROM terraform_remote_state.states WHERE name = 'default'`).Scan(&body, &version)
			if err != nil {
				t.Fatal(err)
			}
			return body, version
		},
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	t.Run("every call on an unreachable server is named", func(t *testing.T) {
		statetest.RunEveryCallIsNamed(t, badInputStorage(t, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"), "failed to connect")
	})
	t.Run("a row that is not state is refused and kept", func(t *testing.T) {
		statetest.RunInvalidDocumentIsRefusedAndKept(t, badInputStorage(t, server.NewDatabase(t)))
	})
	t.Run("a write of another lineage is refused and the row kept", func(t *testing.T) {
		statetest.RunForeignLineageIsRefusedAndKept(t, badInputStorage(t, server.NewDatabase(t)))
	})
}
