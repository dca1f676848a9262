package config

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// Glob is a stack block whose path is a pattern (`path = "envs/*"`,
// `**`) or a list of them: a template that Expand turns into one stack
// per matching directory of the repository that holds .tf files, each
// inheriting the block's settings (docs/agent-globs.md).
type Glob struct {
	// Template holds the block's settings: its Name is the block's label,
	// its Path is empty and its autoplan patterns are joined to each
	// directory on expansion.
	Template *Stack
	// Patterns are path's patterns, repository-relative, in order.
	Patterns []string
	// PathRange is where path is written; NameRange is the block's label.
	PathRange, NameRange hcl.Range
	// nameTemplate is name_template, or nil for the default name.
	nameTemplate hcl.Expression
}

// Name is the stack block's label.
func (g *Glob) Name() string { return g.Template.Name }

// Match reports whether the repository-relative directory dir matches
// one of the glob's patterns.
func (g *Glob) Match(dir string) bool {
	for _, p := range g.Patterns {
		if ok, _ := doublestar.Match(p, dir); ok {
			return true
		}
	}
	return false
}

// nameVars are the variables name_template may use.
func nameVars(stack, dir string) map[string]cty.Value {
	slug := strings.ReplaceAll(dir, "/", "-")
	if slug == "" {
		slug = "root"
	}
	return map[string]cty.Value{
		"stack": cty.StringVal(stack),
		"dir":   cty.StringVal(dir),
		"base":  cty.StringVal(path.Base("/" + dir)),
		"slug":  cty.StringVal(slug),
	}
}

// nameFuncs are the functions name_template may call.
var nameFuncs = map[string]function.Function{
	"replace":    stdlib.ReplaceFunc,
	"lower":      stdlib.LowerFunc,
	"upper":      stdlib.UpperFunc,
	"trimprefix": stdlib.TrimPrefixFunc,
	"trimsuffix": stdlib.TrimSuffixFunc,
}

// StackName is the name of the glob's stack in dir: name_template
// evaluated with stack (the block's label), dir ("envs/prod"), base
// ("prod") and slug ("envs-prod"), or by default "STACK-SLUG", as in
// "app-envs-prod".
func (g *Glob) StackName(dir string) (string, hcl.Diagnostics) {
	vars := nameVars(g.Name(), dir)
	if g.nameTemplate == nil {
		return g.Name() + "-" + vars["slug"].AsString(), nil
	}
	v, diags := g.nameTemplate.Value(&hcl.EvalContext{Variables: vars, Functions: nameFuncs})
	if diags.HasErrors() {
		return "", diags
	}
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", hcl.Diagnostics{errorAt(g.nameRange(), "Invalid name_template",
			`name_template must give a string, such as "${stack}-${base}".`)}
	}
	return v.AsString(), nil
}

// nameRange is where an expansion's name comes from.
func (g *Glob) nameRange() hcl.Range {
	if g.nameTemplate != nil {
		return g.nameTemplate.Range()
	}
	return g.PathRange
}

// hasMeta reports whether p holds glob syntax.
func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[{") }

// decodePath reads a stack's path: a directory, a pattern or a list of
// them. It reports whether the block is a glob (a pattern or a list).
func decodePath(rs *rawStack) ([]string, bool, hcl.Diagnostics) {
	if rs.Path == nil {
		return []string{""}, false, nil
	}
	rng := rs.Path.Range()
	v, diags := rs.Path.Value(nil)
	if diags.HasErrors() {
		return nil, false, diags
	}
	var raw []string
	list := false
	switch {
	case v.IsNull():
		return []string{""}, false, nil
	case v.Type() == cty.String:
		raw = []string{v.AsString()}
	case v.Type().IsTupleType() || v.Type().IsListType():
		list = true
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() || e.Type() != cty.String {
				return nil, false, hcl.Diagnostics{errorAt(rng, "Invalid path", "path is a directory, a pattern such as \"envs/*\", or a list of them (strings).")}
			}
			raw = append(raw, e.AsString())
		}
		if len(raw) == 0 {
			return nil, false, hcl.Diagnostics{errorAt(rng, "Invalid path", "The list of paths is empty.")}
		}
	default:
		return nil, false, hcl.Diagnostics{errorAt(rng, "Invalid path", "path is a directory, a pattern such as \"envs/*\", or a list of them (strings).")}
	}
	glob := list
	var out []string
	for _, p := range raw {
		clean, ds := relPath(p, rng, "path")
		diags = append(diags, ds...)
		if hasMeta(p) {
			glob = true
			if !doublestar.ValidatePattern(clean) {
				diags = append(diags, errorAt(rng, "Invalid path", fmt.Sprintf("%q is not a valid pattern: use *, ** (any directories), ?, [abc] and {a,b}.", p)))
			}
		}
		out = append(out, clean)
	}
	return out, glob, diags
}

// addGlob records a stack block whose path is a pattern or a list.
func addGlob(cfg *Config, s *Stack, rs *rawStack, patterns []string) hcl.Diagnostics {
	g := &Glob{Template: s, Patterns: patterns, PathRange: rs.Path.Range(), NameRange: rs.NameRange}
	if !isNull(rs.NameTemplate) {
		g.nameTemplate = rs.NameTemplate
		if _, diags := g.StackName("envs/example"); diags.HasErrors() {
			return diags
		}
	}
	cfg.Globs = append(cfg.Globs, g)
	return nil
}

// checkNameTemplate refuses name_template on a stack with a plain path.
func checkNameTemplate(rs *rawStack) hcl.Diagnostics {
	if isNull(rs.NameTemplate) {
		return nil
	}
	return hcl.Diagnostics{errorAt(rs.NameTemplate.Range(), "Unexpected name_template",
		"name_template names the stacks a path pattern expands to (path = \"envs/*\"); this stack's path is one directory, and its name is the block's label.")}
}

func isNull(e hcl.Expression) bool {
	if e == nil {
		return true
	}
	v, diags := e.Value(&hcl.EvalContext{Variables: nameVars("x", "x"), Functions: nameFuncs})
	return !diags.HasErrors() && v.IsNull()
}

// declared returns the stack or stack glob block named name, or nil.
func (c *Config) declared(name string) *Stack {
	if s := c.Stack(name); s != nil {
		return s
	}
	for _, g := range c.Globs {
		if g.Name() == name {
			return g.Template
		}
	}
	return nil
}

// Glob returns the stack glob named name, or nil.
func (c *Config) Glob(name string) *Glob {
	for _, g := range c.Globs {
		if g.Name() == name {
			return g
		}
	}
	return nil
}

// Expand returns the configuration with each stack glob replaced by its
// stacks: found maps a glob's name to the directories it matched (the
// agent reads them from the repository; sorted). Stacks are fresh copies
// (nothing inferred yet), so the result can be changed while c is read.
// A glob matching nothing, two stacks with one name and depends_on
// naming unknown stacks are located errors. depends_on may name a glob:
// it means all its stacks.
func (c *Config) Expand(found map[string][]string) (*Config, hcl.Diagnostics) {
	out := *c
	out.Stacks = nil
	var diags hcl.Diagnostics
	for _, s := range c.Stacks {
		if s.Glob == "" {
			cp := *s
			cp.Inferred = nil
			out.Stacks = append(out.Stacks, &cp)
		}
	}
	for _, g := range c.Globs {
		dirs := found[g.Name()]
		if len(dirs) == 0 {
			diags = append(diags, errorAt(g.PathRange, "Stack path matches nothing",
				fmt.Sprintf("The path of stack %q (%s) matches no directory holding .tf files in %s at branch %s.",
					g.Name(), strings.Join(g.Patterns, ", "), g.Template.Repo, g.Template.Branch)))
		}
		for _, dir := range dirs {
			diags = append(diags, out.addExpansion(g, dir)...)
		}
	}
	for _, s := range out.Stacks {
		diags = append(diags, out.resolveDeps(s)...)
	}
	if !diags.HasErrors() {
		diags = append(diags, checkNames(&out)...)
	}
	return &out, dedupe(diags)
}

// addExpansion adds the stack of glob g in dir.
func (c *Config) addExpansion(g *Glob, dir string) hcl.Diagnostics {
	name, diags := g.StackName(dir)
	if diags.HasErrors() {
		return diags
	}
	if !stackNameRE().MatchString(name) {
		return hcl.Diagnostics{errorAt(g.nameRange(), "Invalid stack name",
			fmt.Sprintf("The directory %q of stack %q gives the stack name %q, which must start with a letter or digit and hold only letters, digits, '_', '.' and '-'; set name_template.", dir, g.Name(), name))}
	}
	if prev := c.declared(name); prev != nil {
		where := prev.DeclRange.String()
		if prev.Glob != "" {
			where = fmt.Sprintf("%s (directory %q of stack %q)", prev.DeclRange, prev.Path, prev.Glob)
		}
		return hcl.Diagnostics{errorAt(g.nameRange(), "Duplicate stack",
			fmt.Sprintf("The directory %q of stack %q gives the stack name %q, which is already declared at %s. Set name_template so that names differ, such as \"${stack}-${slug}\".", dir, g.Name(), name, where))}
	}
	s := *g.Template
	s.Name, s.Path, s.Glob, s.Inferred = name, dir, g.Name(), nil
	s.Autoplan, diags = g.Template.Autoplan.forDir(dir)
	c.Stacks = append(c.Stacks, &s)
	return diags
}

// resolveDeps replaces a glob's name in s's depends_on by its stacks.
func (c *Config) resolveDeps(s *Stack) hcl.Diagnostics {
	if s.declaredDeps == nil {
		s.declaredDeps = s.DependsOn
	}
	var out []string
	for _, d := range s.declaredDeps {
		if c.Glob(d) == nil {
			out = append(out, d)
			continue
		}
		if d == s.Glob {
			return hcl.Diagnostics{errorAt(s.DependsOnRange, "Stack depends on itself",
				fmt.Sprintf("The stacks of %q list %q in depends_on: they would wait for each other.", d, d))}
		}
		for _, e := range c.Stacks {
			if e.Glob == d && !slices.Contains(out, e.Name) {
				out = append(out, e.Name)
			}
		}
	}
	s.DependsOn = out
	return nil
}

// checkNames checks the names stacks refer to: depends_on and stages.
func checkNames(cfg *Config) hcl.Diagnostics {
	diags := checkStages(cfg)
	return append(diags, checkDependencies(cfg)...)
}

// dedupe drops repeated diagnostics: the stacks of one glob share its
// settings and so its mistakes.
func dedupe(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	seen := map[string]bool{}
	for _, d := range diags {
		k := d.Summary + "\x00" + d.Detail
		if d.Subject != nil {
			k += "\x00" + d.Subject.String()
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}
