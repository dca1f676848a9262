package marker

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const mainTF = `# The web tier.
variable "image" {
  type    = string
  default = "registry.example.com/web:1.4.2" # trueup:artifact web
}

resource "null_resource" "worker" {
  triggers = {
    image = var.image
  }
  // Workers follow their own build.
  tag       = "1.0.0"   // trueup:artifact worker
  unrelated = "keep me" # an ordinary comment
}
`

func TestFindReportsEachMarkerWithItsPlace(t *testing.T) {
	ms, _, diags := FindFile("main.tf", "main.tf", []byte(mainTF))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s %s:%d %s [%s] %q", m.Name, m.File, m.Line(), m.Attribute, m.Block, m.Value))
	}
	want := []string{
		`web main.tf:4 default [variable "image"] "registry.example.com/web:1.4.2"`,
		`worker main.tf:12 tag [resource "null_resource" "worker"] "1.0.0"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("markers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRewriteChangesOnlyTheMarkedValue(t *testing.T) {
	ms, _, diags := FindFile("main.tf", "main.tf", []byte(mainTF))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	out, err := Rewrite([]byte(mainTF), ms[1], "1.10.0")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(mainTF, `tag       = "1.0.0"   // trueup:artifact worker`, `tag       = "1.10.0"  // trueup:artifact worker`, 1)
	if string(out) != want {
		t.Fatalf("rewritten:\n%s\nwant:\n%s", out, want)
	}
	out, err = Rewrite(out, ms[0], `registry.example.com/web:2.0.0-rc.1+"quoted"${x}`)
	if err != nil {
		t.Fatal(err)
	}
	again, _, diags := FindFile("main.tf", "main.tf", out)
	if diags.HasErrors() {
		t.Fatalf("rewritten file does not parse: %s\n%s", diags, out)
	}
	if again[0].Value != `registry.example.com/web:2.0.0-rc.1+"quoted"${x}` || again[1].Value != "1.10.0" {
		t.Fatalf("values after rewriting: %q %q\n%s", again[0].Value, again[1].Value, out)
	}
	if !strings.Contains(string(out), "# The web tier.") || !strings.Contains(string(out), `unrelated = "keep me" # an ordinary comment`) {
		t.Fatalf("comments lost:\n%s", out)
	}
}

func TestTfvarsMarkersAreFoundAndRewrittenOnDisk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "envs/dev/terraform.tfvars", "region    = \"eu-west-1\"\nweb_image = \"web:1.4.2\" # trueup:artifact web\n")
	writeFile(t, dir, ".terraform/modules/x/main.tf", "a = \"b\" # trueup:artifact hidden\n")
	writeFile(t, dir, "envs/dev/main.tf.json", `{"variable": {}}`)
	ms, _, diags := Find(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(ms) != 1 || ms[0].File != "envs/dev/terraform.tfvars" || ms[0].Value != "web:1.4.2" {
		t.Fatalf("markers: %+v", ms)
	}
	if err := RewriteFile(dir, ms[0], "web:1.5.0"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "envs/dev/terraform.tfvars"))
	if string(b) != "region    = \"eu-west-1\"\nweb_image = \"web:1.5.0\" # trueup:artifact web\n" {
		t.Fatalf("tfvars after rewrite:\n%s", b)
	}
}

func TestBadMarkersAreLocatedErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"marker on a number names the value", "replicas = 3 # trueup:artifact web\n",
			"x.tf:1,12-13: Artifact marker on a value that is not a string"},
		{"marker on an interpolated string", "image = \"web:${var.v}\" # trueup:artifact web\n",
			"x.tf:1,9-23: Artifact marker on a value that is not a string"},
		{"marker on a map", "tags = { a = \"1\" } # trueup:artifact web\n",
			"x.tf:1,8-19: Artifact marker on a value that is not a string"},
		{"marker on a bool", "enabled = true # trueup:artifact web\n",
			"x.tf:1,11-15: Artifact marker on a value that is not a string"},
		{"marker on its own line", "# trueup:artifact web\nimage = \"web:1\"\n",
			"x.tf:1,1-22: Artifact marker not on an attribute"},
		{"marker without a name", "image = \"web:1\" # trueup:artifact\n",
			"x.tf:1,17-34: Invalid artifact marker"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms, _, diags := FindFile("x.tf", "x.tf", []byte(c.src))
			if len(ms) != 0 || len(diags) != 1 {
				t.Fatalf("markers %+v, diagnostics %v", ms, diags)
			}
			d := diags[0]
			got := fmt.Sprintf("%s: %s", d.Subject, d.Summary)
			if got != c.want {
				t.Fatalf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
