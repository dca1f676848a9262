package pg_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
)

// outputsStack is a Terraform configuration with outputs only: no
// provider to download.
const outputsStack = `terraform {
  backend "pg" {}
}

output "who" {
  value = "terraform"
}
`

// row returns the data of the workspace's row, "" when there is none.
func row(t *testing.T, url, name string) string {
	t.Helper()
	var data string
	err := sql(t, url).QueryRow(context.Background(), `SELECT data FROM terraform_remote_state.states WHERE name = $1`, name).Scan(&data)
	if err != nil {
		t.Fatalf("row %q: %v", name, err)
	}
	return data
}

// terraformWrites has Terraform apply outputsStack and make workspace
// tfws in the database at url, or, without terraform, stores the rows it
// recorded doing so. It returns the stack (tf.tf is "" without
// terraform).
func terraformWrites(t *testing.T, url string) *tfStack {
	tf := newTFStack(t, url, outputsStack)
	if tf.tf == "" {
		rec := readRecording(t)
		mustStore(t, pg.Config{ConnStr: url}).Workspaces(context.Background()) // Terraform's table
		_, err := sql(t, url).Exec(context.Background(), `INSERT INTO terraform_remote_state.states (name, data) VALUES ('default', $1), ('tfws', $2)`, rec.State, rec.Workspace)
		if err != nil {
			t.Fatal(err)
		}
		return tf
	}
	tf.must(0, "init", "-input=false")
	tf.must(0, "apply", "-auto-approve", "-input=false")
	tf.must(0, "workspace", "new", "tfws")
	tf.must(0, "workspace", "select", "default")
	if *updateTerraform {
		writeRecording(t, tfRecording{State: row(t, url, "default"), Workspace: row(t, url, "tfws")})
	}
	return tf
}

func TestTrueupReadsAndWritesTheRowsTerraformWrites(t *testing.T) {
	t.Parallel()
	url := server.NewDatabase(t)
	tf := terraformWrites(t, url)
	ctx := context.Background()
	st := mustStore(t, pg.Config{ConnStr: url})

	names, err := st.Workspaces(ctx)
	if err != nil || !slices.Equal(names, []string{"default", "tfws"}) {
		t.Fatalf("trueup lists workspaces %v, %v; want Terraform's [default tfws]", names, err)
	}
	b, _ := st.Workspace(state.DefaultWorkspace)
	got, err := b.Read(ctx)
	if err != nil || got == nil {
		t.Fatalf("trueup reads Terraform's state: %v, %v", got, err)
	}
	if o := got.Outputs["who"]; o == nil || !o.Value.RawEquals(cty.StringVal("terraform")) {
		t.Fatalf("Terraform's state has outputs %v, want who = terraform", got.Outputs)
	}

	next := got.DeepCopy()
	next.Serial++
	next.Outputs["who"] = &state.Output{Value: cty.StringVal("trueup")}
	if err := b.Write(ctx, next); err != nil {
		t.Fatalf("trueup writes over Terraform's state: %v", err)
	}
	if err := st.CreateWorkspace(ctx, "tuws"); err != nil {
		t.Fatal(err)
	}
	if tf.tf == "" {
		if !strings.Contains(row(t, url, "default"), `"version": 4`) {
			t.Fatalf("trueup's row is not a version 4 state:\n%s", row(t, url, "default"))
		}
		return
	}
	if out := tf.must(0, "output", "-raw", "who"); out != "trueup" {
		t.Fatalf("terraform output -raw who = %q after trueup's write, want trueup", out)
	}
	out := tf.must(0, "workspace", "list")
	for _, want := range []string{"default", "tfws", "tuws"} {
		if !strings.Contains(out, want) {
			t.Fatalf("terraform workspace list does not show %s:\n%s", want, out)
		}
	}
	// Terraform plans against trueup's state: nothing changes but the
	// output trueup set.
	if out := tf.must(2, "plan", "-detailed-exitcode", "-input=false", "-no-color"); !strings.Contains(out, `~ who = "trueup" -> "terraform"`) {
		t.Fatalf("terraform plan does not show the output trueup changed:\n%s", out)
	}
}
