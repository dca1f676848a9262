package modinstall

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getmodules/modtest"
)

var update = flag.Bool("update", false, "rewrite testdata/terraform-* from the terraform on PATH")

// compatStack is a stack with local modules, git modules at a tag, a
// branch and a commit, //subdir, local modules inside git ones (one
// reaching up with ../../), nesting three deep, and a call in .tf.json.
// REPO stands for the module repository's file:// URL.
func compatStack(repo, commit string) map[string]string {
	return map[string]string{
		"main.tf": `
module "net" {
  source = "./modules/net"
}
module "app" {
  source = "git::REPO?ref=v1.2.0"
}
module "inner" {
  source = "git::REPO//mods/inner?ref=v1.2.0"
}
`,
		"pinned.tf.json": `{"module": {"pinned": {"source": "git::REPO//modules/sub?ref=COMMIT"}}}`,
		"modules/net/main.tf": `
module "subnets" {
  source = "git::REPO//modules/sub?ref=main"
}
module "local" {
  source = "../net2"
}
`,
		"modules/net2/main.tf": "# net2\n",
	}
}

// moduleSourceRepo makes the repository the stack's git modules come from.
func moduleSourceRepo(t *testing.T) (*modtest.Repo, string) {
	repo := modtest.NewRepo(t, t.TempDir(), "repo")
	commit := repo.Commit("one", map[string]string{
		"main.tf":             "module \"sub\" {\n  source = \"./modules/sub\"\n}\n",
		"modules/sub/main.tf": "output \"y\" {\n  value = 1\n}\n",
		"mods/inner/main.tf":  "module \"deep\" {\n  source = \"../../modules/sub\"\n}\n",
	})
	repo.Tag("v1.2.0")
	return repo, commit
}

func writeCompatStack(t *testing.T, dir, repoURL, commit string) {
	files := compatStack(repoURL, commit)
	for name, body := range files {
		files[name] = strings.ReplaceAll(strings.ReplaceAll(body, "REPO", repoURL), "COMMIT", commit)
	}
	modtest.WriteFiles(t, dir, files)
}

// TestManifestMatchesTerraform installs the same stack with trueup and
// with terraform (when on PATH; otherwise against what terraform v1.11.4
// wrote, recorded in testdata) and compares modules.json and the
// progress lines, with the repository's URL and commit as placeholders.
func TestManifestMatchesTerraform(t *testing.T) {
	repo, commit := moduleSourceRepo(t)
	placeholders := strings.NewReplacer(repo.FileURL(), "REPO", commit, "COMMIT")

	e := newEnv(t, nil)
	writeCompatStack(t, e.stack, repo.FileURL(), commit)
	_, lines := e.mustInstall(false)
	gotManifest := placeholders.Replace(e.manifestFile())
	gotLines := placeholders.Replace(strings.Join(lines, "\n"))

	wantManifest, wantLines := terraformResult(t, repo.FileURL(), commit, placeholders)
	if gotManifest != wantManifest {
		t.Errorf("modules.json differs from terraform's:\n got %s\nwant %s", gotManifest, wantManifest)
	}
	if gotLines != wantLines {
		t.Errorf("progress differs from terraform's:\n got:\n%s\nwant:\n%s", gotLines, wantLines)
	}
	for _, f := range []string{".terraform/modules/app/modules/sub/main.tf", ".terraform/modules/inner/modules/sub/main.tf", ".terraform/modules/pinned/modules/sub/main.tf"} {
		if !strings.Contains(e.read(f), `output "y"`) {
			t.Errorf("%s not installed", f)
		}
	}
}

// terraformResult runs terraform init on the stack when terraform is on
// PATH (recording the result with -update), else reads the record.
func terraformResult(t *testing.T, repoURL, commit string, placeholders *strings.Replacer) (manifest, lines string) {
	manifestFile, linesFile := filepath.Join("testdata", "terraform-modules.json"), filepath.Join("testdata", "terraform-init.txt")
	bin, err := exec.LookPath("terraform")
	if err != nil {
		m, err1 := os.ReadFile(manifestFile)
		l, err2 := os.ReadFile(linesFile)
		if err1 != nil || err2 != nil {
			t.Fatalf("terraform is not on PATH and the recorded results are missing: %v %v", err1, err2)
		}
		return string(m), strings.TrimSpace(string(l))
	}
	dir := filepath.Join(t.TempDir(), "stack")
	writeCompatStack(t, dir, repoURL, commit)
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	os.WriteFile(cliConfig, nil, 0o644)
	cmd := exec.Command(bin, "init", "-backend=false", "-no-color", "-input=false")
	cmd.Dir = dir
	cmd.Env = append(modtest.GitEnv(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
	if err != nil {
		t.Fatal(err)
	}
	manifest = placeholders.Replace(string(raw))
	lines = placeholders.Replace(progressLines(string(out)))
	if *update {
		os.WriteFile(manifestFile, []byte(manifest), 0o644)
		os.WriteFile(linesFile, []byte(lines+"\n"), 0o644)
	}
	return manifest, lines
}

var progressLine = regexp.MustCompile(`^(Downloading .* for .*\.\.\.|- \S+ in .*)$`)

// progressLines keeps terraform's module installation lines.
func progressLines(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if progressLine.MatchString(l) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
