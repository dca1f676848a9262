package policy

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Set is a compiled set of policies.
type Set struct {
	compiler *ast.Compiler
	modules  map[string]*ast.Module
	// queries are the rules Check evaluates, sorted by package and name.
	queries []ruleRef
}

// ruleRef names one deny/violation/warn rule of a package.
type ruleRef struct {
	Namespace string // the package without "data.", as conftest names it
	Rule      string
	Kind      Kind
}

// Load reads every .rego file under the directories (recursively, as
// `conftest test -p DIR` does) and compiles them together. Files are
// parsed as Rego v1 and, failing that, as Rego v0 (the `deny[msg] { … }`
// syntax of older conftest policies). Parse and compile errors are
// returned together as Errors, each located at file:line:column.
func Load(dirs ...string) (*Set, error) {
	srcs := map[string]string{}
	for _, dir := range dirs {
		if err := readRego(dir, srcs); err != nil {
			return nil, err
		}
	}
	if len(srcs) == 0 {
		return nil, fmt.Errorf("no policies (.rego files) found in %s", strings.Join(dirs, ", "))
	}
	return compile(srcs)
}

func readRego(dir string, srcs map[string]string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Ext(path) != ".rego" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		srcs[path] = string(b)
		return nil
	})
}

func compile(srcs map[string]string) (*Set, error) {
	modules := map[string]*ast.Module{}
	var errs Errors
	for _, name := range sortedKeys(srcs) {
		m, err := parse(name, srcs[name])
		if err != nil {
			errs = append(errs, locate(err)...)
			continue
		}
		modules[name] = m
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c := ast.NewCompiler().WithEnablePrintStatements(true)
	if c.Compile(modules); c.Failed() {
		return nil, locate(c.Errors)
	}
	return &Set{compiler: c, modules: modules, queries: findRules(modules)}, nil
}

// parse parses a module as Rego v1, then as v0; the v1 error is the one
// reported when neither parses.
func parse(name, src string) (*ast.Module, error) {
	m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err == nil {
		return m, nil
	}
	if m0, err0 := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{RegoVersion: ast.RegoV0}); err0 == nil {
		return m0, nil
	}
	return nil, err
}

// findRules lists the deny/violation/warn rules of every package.
func findRules(modules map[string]*ast.Module) []ruleRef {
	seen := map[ruleRef]bool{}
	var out []ruleRef
	for _, m := range modules {
		ns := strings.TrimPrefix(m.Package.Path.String(), "data.")
		for _, r := range m.Rules {
			name := ruleName(r)
			kind, ok := kindOf(name)
			ref := ruleRef{Namespace: ns, Rule: name, Kind: kind}
			if ok && !seen[ref] {
				seen[ref] = true
				out = append(out, ref)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// ruleName is the first term of a rule's head reference: "deny" for both
// `deny contains msg if …` and `deny[msg] { … }`.
func ruleName(r *ast.Rule) string {
	ref := r.Head.Ref()
	if len(ref) == 0 {
		return ""
	}
	if v, ok := ref[0].Value.(ast.Var); ok {
		return string(v)
	}
	return ""
}

// Namespaces returns the packages that hold rules Check evaluates.
func (s *Set) Namespaces() []string {
	var out []string
	for _, q := range s.queries {
		if len(out) == 0 || out[len(out)-1] != q.Namespace {
			out = append(out, q.Namespace)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
