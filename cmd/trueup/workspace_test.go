package main

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
)

// workspaceTF is a stack whose resource and outputs depend on the
// workspace.
const workspaceTF = `
resource "null_resource" "n" {
  triggers = { ws = terraform.workspace }
}

output "ws" {
  value = terraform.workspace
}

output "trigger" {
  value = null_resource.n.triggers.ws
}
`

// wantOutput fails unless `output -raw NAME` prints want.
func (s *stack) wantOutput(name, want string, env ...string) {
	s.t.Helper()
	r := s.runEnv(env, "output", "-raw", name)
	if r.code != 0 || r.stdout != want {
		s.t.Fatalf("output %s = %q, want %q\n%s", name, r.stdout, want, r)
	}
}

// stateOutput decodes the state document in data and returns output ws.
func stateOutput(t *testing.T, where string, data []byte) (*state.State, string) {
	t.Helper()
	st, err := state.Decode(data)
	if err != nil {
		t.Fatalf("%s is not a state: %v\n%s", where, err, data)
	}
	o := st.Outputs["ws"]
	if o == nil {
		return st, ""
	}
	return st, o.Value.AsString()
}

func TestWorkspacesKeepSeparateLocalStates(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": workspaceTF})
	s.must(0, "apply", "-auto-approve")
	wantContains(t, s.must(0, "workspace", "new", "staging"), `Created and switched to workspace "staging"!`)
	if got := strings.TrimSpace(s.read(".terraform/environment")); got != "staging" {
		t.Fatalf(".terraform/environment = %q, want staging", got)
	}
	r := s.must(0, "plan")
	wantContains(t, r, `+ "ws" = "staging"`, "Plan: 1 to add")
	s.must(0, "apply", "-auto-approve")
	s.wantOutput("trigger", "staging")
	_, ws := stateOutput(t, "staging's state", []byte(s.read("terraform.tfstate.d/staging/terraform.tfstate")))
	if ws != "staging" {
		t.Fatalf("staging's state file has output ws %q", ws)
	}
	if s.state().Outputs["ws"].Value.AsString() != "default" {
		t.Fatal("applying in staging changed terraform.tfstate")
	}
	s.must(0, "state", "list")
	if r := s.must(0, "workspace", "list"); r.stdout != "  default\n* staging\n\n" {
		t.Fatalf("workspace list printed %q", r.stdout)
	}

	s.must(0, "workspace", "select", "default")
	s.wantOutput("ws", "default")
	s.must(0, "plan", "-detailed-exitcode")
	// TF_WORKSPACE overrides the selection for one command.
	s.wantOutput("ws", "staging", "TF_WORKSPACE=staging")
	if r := s.runEnv([]string{"TF_WORKSPACE=staging"}, "plan", "-detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan in staging through TF_WORKSPACE:\n%s", r)
	}
	r = s.runEnv([]string{"TF_WORKSPACE=../x"}, "plan")
	if r.code != 1 || !strings.Contains(r.stderr, "Invalid workspace name set using TF_WORKSPACE") {
		t.Fatalf("plan with an invalid TF_WORKSPACE:\n%s", r)
	}

	// Deleting: never the current one, never a non-empty one without
	// -force, never default.
	wantContains(t, s.must(1, "workspace", "delete", "staging"), "Workspace is not empty", "null_resource.n")
	if !s.exists("terraform.tfstate.d/staging/terraform.tfstate") {
		t.Fatal("a refused delete removed the state")
	}
	s.must(0, "workspace", "delete", "-force", "staging")
	if s.exists("terraform.tfstate.d/staging") {
		t.Fatal("workspace delete left terraform.tfstate.d/staging")
	}
	wantContains(t, s.must(1, "workspace", "delete", "default"), "You cannot delete the currently active workspace")
	s.wantOutput("ws", "default")

	// workspace new -state copies a state file into the new workspace.
	def := s.state()
	s.must(0, "workspace", "new", "-state=terraform.tfstate", "copy")
	copied, ws := stateOutput(t, "the copied state", []byte(s.read("terraform.tfstate.d/copy/terraform.tfstate")))
	if copied.Lineage != def.Lineage || copied.Serial != def.Serial || ws != "default" {
		t.Fatalf("workspace new -state stored lineage %s serial %d output %q, want %s %d default", copied.Lineage, copied.Serial, ws, def.Lineage, def.Serial)
	}
	wantContains(t, s.must(0, "plan"), `~ ws = "default" -> "copy"`)
}

func TestSavedPlanIsRefusedInAnotherWorkspace(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": workspaceTF})
	s.must(0, "workspace", "new", "staging")
	s.must(0, "plan", "-out=staging.plan")
	s.must(0, "workspace", "select", "default")
	r := s.must(1, "apply", "staging.plan")
	wantContains(t, r, "Saved plan is for a different workspace", `"staging" workspace`, "trueup workspace select staging")
	if s.exists("terraform.tfstate") || s.exists("terraform.tfstate.d/staging/terraform.tfstate") {
		t.Fatal("a refused plan wrote state")
	}
	// TF_WORKSPACE selects the plan's workspace just as well.
	s.must(0, "workspace", "select", "staging")
	s.must(0, "apply", "staging.plan")
	s.wantOutput("trigger", "staging")
	if s.exists("terraform.tfstate") {
		t.Fatal("the staging plan wrote the default workspace's state")
	}
}

// sandboxStack is a stack on the sandbox's bucket "tfstate".
func sandboxStack(t *testing.T, sb *sandbox.Sandbox, backend string) *stack {
	s := newStack(t, map[string]string{"main.tf": workspaceTF, "backend.tf": "terraform {\n" + backend + "\n}\n"})
	for _, kv := range sb.Env() {
		name, value, _ := strings.Cut(strings.TrimPrefix(kv, "export "), "=")
		s.setenv(name, value)
	}
	return s
}

// httpGet returns the body and status of a GET.
func httpGet(t *testing.T, u string) ([]byte, int) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b, resp.StatusCode
}

const (
	s3Backend  = "backend \"s3\" {\n  bucket = \"tfstate\"\n  key = \"app/terraform.tfstate\"\n  use_path_style = true\n}"
	gcsBackend = "backend \"gcs\" {\n  bucket = \"tfstate\"\n  prefix = \"app\"\n}"
)

// The same workspace commands on S3 and GCS put each workspace's state at
// Terraform's object names, read here with plain HTTP.
func TestWorkspacesOnRemoteBackendsUseTerraformsObjectNames(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	s3Object := func(key string) string { return sb.S3URL() + "/tfstate/" + key }
	gcsObject := func(name string) string {
		return sb.GCSURL() + "/storage/v1/b/tfstate/o/" + url.PathEscape(name) + "?alt=media"
	}
	cases := map[string]struct {
		backend                   string
		defaultObj, staging, prod string
	}{
		"s3":  {s3Backend, s3Object("app/terraform.tfstate"), s3Object("env:/staging/app/terraform.tfstate"), s3Object("env:/prod/app/terraform.tfstate")},
		"gcs": {gcsBackend, gcsObject("app/default.tfstate"), gcsObject("app/staging.tfstate"), gcsObject("app/prod.tfstate")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := sandboxStack(t, sb, tc.backend)
			s.must(0, "apply", "-auto-approve")
			s.must(0, "workspace", "new", "staging")
			if body, code := httpGet(t, tc.staging); code != 200 {
				t.Fatalf("workspace new left no state object at %s (%d): %s", tc.staging, code, body)
			}
			s.must(0, "apply", "-auto-approve")
			s.runEnv([]string{"TF_WORKSPACE=prod"}, "apply", "-auto-approve")
			for obj, want := range map[string]string{tc.defaultObj: "default", tc.staging: "staging", tc.prod: "prod"} {
				body, code := httpGet(t, obj)
				if code != 200 {
					t.Fatalf("GET %s: %d %s", obj, code, body)
				}
				if _, got := stateOutput(t, obj, body); got != want {
					t.Errorf("%s holds output ws %q, want %q", obj, got, want)
				}
			}
			if r := s.must(0, "workspace", "list"); r.stdout != "  default\n  prod\n* staging\n\n" {
				t.Fatalf("workspace list printed %q", r.stdout)
			}
			s.must(0, "workspace", "select", "default")
			s.must(1, "workspace", "delete", "staging")
			s.must(0, "workspace", "delete", "-force", "staging")
			if _, code := httpGet(t, tc.staging); code != 404 {
				t.Fatalf("after delete, GET %s = %d, want 404", tc.staging, code)
			}
			if r := s.must(0, "workspace", "list"); r.stdout != "* default\n  prod\n\n" {
				t.Fatalf("workspace list printed %q", r.stdout)
			}
			s.wantOutput("ws", "default")
			s.wantOutput("ws", "prod", "TF_WORKSPACE=prod")
		})
	}
}

// init -migrate-state copies every workspace, as Terraform does.
func TestMigrateStateCopiesEveryWorkspace(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	s := sandboxStack(t, sb, "")
	s.must(0, "apply", "-auto-approve")
	s.must(0, "workspace", "new", "staging")
	s.must(0, "apply", "-auto-approve")
	s.must(0, "workspace", "new", "empty")
	local, _ := stateOutput(t, "staging", []byte(s.read("terraform.tfstate.d/staging/terraform.tfstate")))

	s.write("backend.tf", "terraform {\n"+s3Backend+"\n}\n")
	wantContains(t, s.must(1, "init"), "-migrate-state")
	r := s.must(0, "init", "-migrate-state", "-force-copy")
	wantContains(t, r, "env:/staging/app/terraform.tfstate")
	body, code := httpGet(t, sb.S3URL()+"/tfstate/env:/staging/app/terraform.tfstate")
	if code != 200 {
		t.Fatalf("staging was not migrated: %d %s", code, body)
	}
	remote, ws := stateOutput(t, "migrated staging", body)
	if ws != "staging" || remote.Lineage != local.Lineage || remote.Serial != local.Serial {
		t.Fatalf("migrated staging: output %q lineage %s serial %d, want staging %s %d", ws, remote.Lineage, remote.Serial, local.Lineage, local.Serial)
	}
	if r := s.must(0, "workspace", "list"); r.stdout != "  default\n* empty\n  staging\n\n" {
		t.Fatalf("workspace list on S3 after migration printed %q", r.stdout)
	}
	s.must(0, "workspace", "select", "staging")
	s.must(0, "plan", "-detailed-exitcode")
	s.must(0, "workspace", "select", "default")
	s.must(0, "plan", "-detailed-exitcode")
	if err := os.RemoveAll(s.path("terraform.tfstate.d")); err != nil {
		t.Fatal(err)
	}
	s.wantOutput("ws", "staging", "TF_WORKSPACE=staging")
}

// terraform.workspace is the selected workspace inside modules too.
func TestTerraformWorkspaceInsideAModule(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		"main.tf": `
module "child" {
  source = "./child"
}

output "from_child" {
  value = module.child.ws
}
`,
		"child/main.tf": `
output "ws" {
  value = "child sees ${terraform.workspace}"
}
`,
	})
	s.must(0, "workspace", "new", "blue")
	s.must(0, "apply", "-auto-approve")
	s.wantOutput("from_child", "child sees blue")
	s.must(0, "workspace", "select", "default")
	s.must(0, "apply", "-auto-approve")
	s.wantOutput("from_child", "child sees default")
}

// A remote backend used without init is refused while any local
// workspace, not only default, still holds state.
func TestRemoteBackendRefusedWhileALocalWorkspaceHoldsState(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	s := sandboxStack(t, sb, "")
	s.must(0, "workspace", "new", "staging")
	s.must(0, "apply", "-auto-approve")
	s.write("backend.tf", "terraform {\n"+s3Backend+"\n}\n")
	r := s.must(1, "plan")
	wantContains(t, r, "terraform.tfstate.d/staging/terraform.tfstate still holds state", "trueup init -migrate-state")
}
