package pg_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/engine/state/statetest"
)

// A fresh schema per subtest in one database, as newStorage makes them.
func TestWorkspacesConformance(t *testing.T) {
	t.Parallel()
	url := server.NewDatabase(t)
	n := 0
	statetest.RunWorkspaces(t, func(t *testing.T) func() state.Store {
		n++
		cfg := pg.Config{ConnStr: url, SchemaName: fmt.Sprintf("ws_%d", n)}
		return func() state.Store { return mustStore(t, cfg) }
	})
}

// Workspaces are rows of terraform_remote_state.states named as
// Terraform names them, and the table is laid out as Terraform creates
// it: the rows a client we did not write reads are the workspaces.
func TestWorkspacesAreRowsOfTerraformsTable(t *testing.T) {
	t.Parallel()
	url := server.NewDatabase(t)
	st := mustStore(t, pg.Config{ConnStr: url})
	ctx := context.Background()
	for _, name := range []string{"staging", "prod"} {
		if err := st.CreateWorkspace(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := st.Workspace(state.DefaultWorkspace)
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "default")); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}

	conn := sql(t, url)
	rows, _ := conn.Query(ctx, `SELECT name FROM terraform_remote_state.states ORDER BY name`)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"default", "prod"}) {
		t.Fatalf("rows are named %v, want [default prod]", names)
	}
	var columns []string
	rows, _ = conn.Query(ctx, `SELECT column_name || ' ' || data_type || ' ' || coalesce(column_default, '') FROM information_schema.columns
WHERE table_schema = 'terraform_remote_state' AND table_name = 'states' ORDER BY ordinal_position`)
	if columns, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	want := []string{"id bigint nextval('global_states_id_seq'::regclass)", "name text ", "data text "}
	if !slices.Equal(columns, want) {
		t.Fatalf("states columns = %q, want Terraform's %q", columns, want)
	}
	var indexed bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = 'terraform_remote_state' AND indexname = 'states_by_name')`).Scan(&indexed); err != nil || !indexed {
		t.Fatalf("index states_by_name exists: %v, %v", indexed, err)
	}
}
