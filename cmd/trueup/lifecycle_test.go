package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// quickstartAddrs are the objects examples/quickstart manages.
// The services are a module called with for_each; state list prints the
// root's resources first, then each module instance's, as Terraform does.
var quickstartAddrs = []string{
	`local_sensitive_file.db_credentials`,
	`random_password.db`,
	`random_pet.cluster`,
	`module.service["api"].local_file.config`,
	`module.service["api"].null_resource.deploy[0]`,
	`module.service["api"].null_resource.deploy[1]`,
	`module.service["web"].local_file.config`,
	`module.service["web"].null_resource.deploy[0]`,
}

func TestQuickstartPlansAppliesAndDestroysAsANewUserWould(t *testing.T) {
	t.Parallel()
	s := copyStack(t, "examples/quickstart")

	r := s.must(0, "validate")
	wantContains(t, r, "Success! The configuration is valid.")

	r = s.must(0, "plan")
	wantContains(t, r, "Plan: 8 to add, 0 to change, 0 to destroy.", "# random_pet.cluster will be created",
		`# module.service["api"].local_file.config will be created`, `# module.service["api"].null_resource.deploy[1] will be created`)
	if s.exists(stateFile) || s.exists("out") {
		t.Fatalf("plan must not change anything, but it wrote %s or out/", stateFile)
	}
	s.must(2, "plan", "-detailed-exitcode")

	r = s.must(0, "apply", "-auto-approve")
	wantContains(t, r, "Apply complete! Resources: 8 added, 0 changed, 0 destroyed.")

	st := s.state()
	wantAddresses(t, st, quickstartAddrs...)
	if n := objectCount(st); n != len(quickstartAddrs) {
		t.Fatalf("state holds %d objects, want %d (each resource once)", n, len(quickstartAddrs))
	}
	listed := strings.Fields(s.must(0, "state", "list").stdout)
	if strings.Join(listed, " ") != strings.Join(quickstartAddrs, " ") {
		t.Fatalf("state list printed %v, want %v", listed, quickstartAddrs)
	}

	cluster := attr(t, st, "random_pet.cluster", "id")
	for _, svc := range []string{"api", "web"} {
		var doc map[string]any
		if err := json.Unmarshal([]byte(s.read("out/"+svc+".json")), &doc); err != nil {
			t.Fatalf("out/%s.json: %v", svc, err)
		}
		if doc["service"] != svc || doc["cluster"] != cluster {
			t.Fatalf("out/%s.json = %v, want service %q of cluster %q", svc, doc, svc, cluster)
		}
	}
	password := attr(t, st, "random_password.db", "result")
	if got := s.read("out/db.env"); got != "DB_PASSWORD="+password+"\n" {
		t.Fatalf("out/db.env does not hold the generated password")
	}
	if info, err := os.Stat(s.path("out/db.env")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("out/db.env must have mode 0600: %v %v", info.Mode(), err)
	}

	r = s.must(0, "plan", "-detailed-exitcode")
	wantContains(t, r, "No changes.")
	if got := strings.TrimSpace(s.must(0, "output", "-raw", "cluster_name").stdout); got != cluster {
		t.Fatalf("output -raw cluster_name = %q, want %q", got, cluster)
	}

	r = s.must(0, "destroy", "-auto-approve")
	wantContains(t, r, "Destroy complete! Resources: 8 destroyed.")
	if st := s.state(); len(addresses(st)) != 0 {
		t.Fatalf("state after destroy still holds %v", addresses(st))
	}
	for _, f := range []string{"out/api.json", "out/web.json", "out/db.env"} {
		if s.exists(f) {
			t.Errorf("destroy left %s behind", f)
		}
	}
	s.must(2, "plan", "-detailed-exitcode")
}

func TestApplyWithoutAutoApproveAndWithoutATerminalRefusesAndChangesNothing(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "one"
}
`})
	// Even "yes" on a pipe is no approval: only a terminal can approve.
	r := s.runInput("yes\n", "apply")
	if r.code != 1 {
		t.Fatalf("want exit code 1, got:\n%s", r)
	}
	wantContains(t, r, "-auto-approve")
	if s.exists("f.txt") || s.exists(stateFile) {
		t.Fatalf("a refused apply must change nothing, but f.txt or the state file exists")
	}

	s.must(0, "apply", "-auto-approve")
	before := s.read(stateFile)
	r = s.runInput("yes\n", "destroy")
	if r.code != 1 {
		t.Fatalf("want exit code 1, got:\n%s", r)
	}
	wantContains(t, r, "-auto-approve")
	if !s.exists("f.txt") || s.read(stateFile) != before {
		t.Fatalf("a refused destroy must change nothing")
	}
}
