package layers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/trueup/trueup"

// pkg is what `go list -json` says of one package.
type pkg struct {
	ImportPath string
	Imports    []string
	Standard   bool
	Module     *struct{ Path string }
}

// listPackages returns the module's packages and the set of standard
// library packages among their dependencies.
func listPackages(t *testing.T) (map[string]*pkg, map[string]bool) {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports,Standard,Module", module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	own, std := map[string]*pkg{}, map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		switch {
		case p.Standard:
			std[p.ImportPath] = true
		case p.Module != nil && p.Module.Path == module:
			own[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = &p
		}
	}
	return own, std
}

// match reports whether path (relative to the module for its own
// packages) matches pattern, where "x/..." matches x and beneath.
func match(pattern, path string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

func matchAny(patterns []string, path string) bool {
	for _, p := range patterns {
		if match(p, path) {
			return true
		}
	}
	return false
}

// violations returns one line per import of a package in own that breaks
// a rule.
func violations(rules []rule, own map[string]*pkg, std map[string]bool) []string {
	var bad []string
	for _, name := range sortedKeys(own) {
		for _, r := range rules {
			if !match(r.pkgs, name) {
				continue
			}
			for _, imp := range own[name].Imports {
				if msg := r.check(name, imp, std); msg != "" {
					bad = append(bad, msg)
				}
			}
		}
	}
	return bad
}

// check returns why pkg may not import imp under r, or "".
func (r rule) check(name, imp string, std map[string]bool) string {
	rel, isOwn := strings.CutPrefix(imp, module+"/")
	if imp == module {
		rel, isOwn = "", true
	}
	target := imp
	if isOwn {
		target = rel
	}
	switch {
	case std[imp] || imp == "C" || imp == "unsafe":
		return ""
	case isOwn && strings.HasPrefix(rel, name+"/"):
		return "" // the package's own helpers
	case isOwn && matchAny(shared, rel):
		return "" // a library below every layer
	case matchAny(r.deny, target):
		return fmt.Sprintf("%s imports %s, which %s forbids", name, target, r.doc)
	case isOwn && r.allow != nil && !matchAny(r.allow, rel):
		return fmt.Sprintf("%s imports %s, but %s allows only %s", name, rel, r.doc, list(r.allow))
	case !isOwn && r.ext != nil && !matchAny(r.ext, imp):
		return fmt.Sprintf("%s imports %s, but %s allows only the standard library and %s", name, imp, r.doc, list(r.ext))
	}
	return ""
}

func list(s []string) string {
	if len(s) == 0 {
		return "nothing of trueup"
	}
	return strings.Join(s, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func TestImportsFollowTheDeclaredLayers(t *testing.T) {
	own, std := listPackages(t)
	for _, msg := range violations(rules, own, std) {
		t.Error(msg)
	}
}

// TestEveryRuleNamesAPackage keeps the rules in step with the tree: a
// renamed or removed package must not leave a rule that checks nothing.
func TestEveryRuleNamesAPackage(t *testing.T) {
	own, _ := listPackages(t)
	for _, r := range rules {
		found := false
		for name := range own {
			found = found || match(r.pkgs, name)
		}
		if !found {
			t.Errorf("the rule for %s (%s) matches no package", r.pkgs, r.doc)
		}
	}
}

// TestCrossingImportsAreReported proves the check fails on the imports the
// layering forbids.
func TestCrossingImportsAreReported(t *testing.T) {
	std := map[string]bool{"fmt": true}
	for _, tc := range []struct {
		pkg, imp, want string
	}{
		{"engine/plan", module + "/engine/apply", "engine/plan imports engine/apply, but engine/plan/doc.go allows only"},
		{"providers/null", module + "/engine/state", "providers/null imports engine/state, which docs/architecture.md (providers never import the engine) forbids"},
		{"schema", module + "/engine/addrs", "schema imports engine/addrs, but schema/doc.go allows only nothing of trueup"},
		{"engine/run", module + "/cmd/trueup", "engine/run imports cmd/trueup, which docs/architecture.md (the engine never imports the CLI or a concrete provider) forbids"},
		{"engine/eval", module + "/providers/aws", "engine/eval imports providers/aws, which docs/architecture.md (the engine never imports the CLI or a concrete provider) forbids"},
		{"schema", "github.com/hashicorp/hcl/v2", "schema imports github.com/hashicorp/hcl/v2, but schema/doc.go allows only the standard library and github.com/zclconf/go-cty/..."},
		{"engine/state", "github.com/aws/aws-sdk-go-v2/service/s3", "engine/state imports github.com/aws/aws-sdk-go-v2/service/s3, which engine/state/doc.go forbids"},
		{"cmd/trueup", module + "/engine/eval", "cmd/trueup imports engine/eval, but cmd/trueup/doc.go allows only engine/run, "},
		{"cmd/trueup", module + "/engine/refactor", "cmd/trueup imports engine/refactor, but cmd/trueup/doc.go allows only"},
		{"cmd/trueup", module + "/engine/run", ""},
		{"cmd/trueup", module + "/providers/aws", ""},
		{"engine/plan", "fmt", ""},
		{"engine/state", module + "/engine/state/internal/lockproc", ""},
		{"providers/aws", module + "/internal/retry", ""},
		{"internal/retry", module + "/engine/addrs", "internal/retry imports engine/addrs, but internal/retry/doc.go allows only nothing of trueup"},
	} {
		own := map[string]*pkg{tc.pkg: {ImportPath: module + "/" + tc.pkg, Imports: []string{tc.imp}}}
		got := violations(rules, own, std)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s importing %s reported %v", tc.pkg, tc.imp, got)
		case tc.want != "" && (len(got) == 0 || !strings.HasPrefix(got[0], tc.want)):
			t.Errorf("%s importing %s reported %v, want %q", tc.pkg, tc.imp, got, tc.want)
		}
	}
}
