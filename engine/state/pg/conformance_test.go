package pg_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/engine/state/statetest"
)

// newStorage returns a statetest.NewStorage that makes a fresh schema,
// named schema and a number, per subtest, in one database: creating a
// database takes a second, a schema nothing. Subtests do not see each
// other's rows, and their row ids, the lock keys, come from Terraform's
// one sequence for all schemas; the creation lock -1 is the database's,
// and every subtest's clients release it when it ends. Each client has
// its own connection pool, as a separate process would.
func newStorage(schema string) statetest.NewStorage {
	var once sync.Once
	var url string
	var n atomic.Int64
	return func(t *testing.T) func() state.Backend {
		once.Do(func() { url = server.NewDatabase(t) })
		cfg := pg.Config{ConnStr: url, SchemaName: fmt.Sprintf("%s%d", schema, n.Add(1))}
		return func() state.Backend { return mustNew(t, cfg, nil) }
	}
}

// The schemas' names need quoting (an upper-case letter, a space, a
// double quote), as a user's schema_name may; the default schema is
// exercised by the workspace and Terraform tests.
func TestConformance(t *testing.T) {
	t.Parallel()
	statetest.Run(t, newStorage(`Stacks "prod" `))
}

// Two clients race to take over one expired lock, round after round:
// exactly one wins each time (both end the holder's session; one gets
// the advisory lock).
func TestExpiredLockTakeoverHasOneWinner(t *testing.T) {
	t.Parallel()
	statetest.RunTakeoverRace(t, newStorage("race_"), 8)
}
