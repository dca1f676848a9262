package pg_test

import (
	"testing"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/engine/state/statetest"
)

// newStorage returns a statetest.NewStorage that makes a fresh database
// per subtest; each client has its own connection pool, as a separate
// process would.
func newStorage(schema string) statetest.NewStorage {
	return func(t *testing.T) func() state.Backend {
		cfg := pg.Config{ConnStr: server.NewDatabase(t), SchemaName: schema}
		return func() state.Backend { return mustNew(t, cfg, nil) }
	}
}

func TestConformanceTerraformsDefaultSchema(t *testing.T) {
	statetest.Run(t, newStorage(""))
}

func TestConformanceSchemaNeedingQuotes(t *testing.T) {
	statetest.Run(t, newStorage(`Stacks "prod"`))
}

// Two clients race to take over one expired lock, round after round:
// exactly one wins each time (both end the holder's session; one gets
// the advisory lock).
func TestExpiredLockTakeoverHasOneWinner(t *testing.T) {
	statetest.RunTakeoverRace(t, newStorage(""), 8)
}
