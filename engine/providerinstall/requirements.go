package providerinstall

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/getproviders"
)

// Requirement is what a configuration asks of one provider.
type Requirement struct {
	Provider getproviders.Provider
	// LocalNames are the names the configuration uses for it ("aws").
	LocalNames []string
	// Constraints are the version constraints of every declaration, ANDed.
	Constraints getproviders.Constraints
	// Module names where the requirement comes from ("" for the root
	// module), for `trueup providers`.
	Modules []string
}

// FromModule returns the requirements of one module: its required_providers
// entries, and hashicorp/NAME for every provider a provider block or a
// resource uses without an entry. module is the module's path ("" for the
// root), recorded in each requirement.
func FromModule(mod *config.Module, module string) ([]Requirement, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	byName := map[string]*Requirement{}
	for _, name := range sortedKeys(mod.RequiredProviders) {
		rp := mod.RequiredProviders[name]
		req := &Requirement{LocalNames: []string{name}, Modules: []string{module}}
		src := rp.Source
		if src == "" {
			src = "hashicorp/" + name
		}
		p, err := getproviders.ParseProvider(src)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid provider source address", Detail: err.Error(), Subject: rp.DeclRange.Ptr()})
			continue
		}
		req.Provider = p
		if rp.Version != "" {
			c, err := getproviders.ParseConstraints(rp.Version)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid version constraint", Detail: fmt.Sprintf("The version constraint %q of provider %s is invalid: %s.", rp.Version, name, err), Subject: rp.DeclRange.Ptr()})
				continue
			}
			req.Constraints = c
		}
		byName[name] = req
	}
	for _, name := range usedProviderNames(mod) {
		if _, ok := byName[name]; !ok {
			byName[name] = &Requirement{Provider: getproviders.NewDefaultProvider(name), LocalNames: []string{name}, Modules: []string{module}}
		}
	}
	var out []Requirement
	for _, name := range sortedKeys(byName) {
		out = append(out, *byName[name])
	}
	return Merge(out), diags
}

// FromConfig returns the requirements of every module of the tree under
// cfg, merged by address as Terraform's init merges them: the constraints
// of all modules ANDed, local names and module paths gathered.
func FromConfig(cfg *config.Config) ([]Requirement, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var lists [][]Requirement
	for _, m := range cfg.All() {
		reqs, ds := FromModule(m.Module, m.Path.String())
		diags = append(diags, ds...)
		lists = append(lists, reqs)
	}
	return Merge(lists...), diags
}

// usedProviderNames lists the provider names of provider blocks and of
// resources' provider configurations.
func usedProviderNames(mod *config.Module) []string {
	seen := map[string]bool{}
	for _, p := range mod.ProviderConfigs {
		seen[p.Name] = true
	}
	for _, rs := range mod.ResourceTables() {
		for _, r := range rs {
			name, _, _ := strings.Cut(r.ProviderKey(), ".")
			seen[name] = true
		}
	}
	return sortedKeys(seen)
}

// Merge combines requirements on the same provider (from several modules):
// their constraints are ANDed and their local names and modules gathered.
// The result is sorted by address.
func Merge(reqs ...[]Requirement) []Requirement {
	byAddr := map[getproviders.Provider]*Requirement{}
	var order []getproviders.Provider
	for _, list := range reqs {
		for _, r := range list {
			cur, ok := byAddr[r.Provider]
			if !ok {
				cp := Requirement{Provider: r.Provider}
				cur = &cp
				byAddr[r.Provider] = cur
				order = append(order, r.Provider)
			}
			cur.LocalNames = appendUnique(cur.LocalNames, r.LocalNames...)
			cur.Modules = appendUnique(cur.Modules, r.Modules...)
			cur.Constraints = append(cur.Constraints, r.Constraints...)
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i].LessThan(order[j]) })
	out := make([]Requirement, len(order))
	for i, p := range order {
		out[i] = *byAddr[p]
	}
	return out
}

func appendUnique(list []string, more ...string) []string {
	for _, s := range more {
		found := false
		for _, x := range list {
			found = found || x == s
		}
		if !found {
			list = append(list, s)
		}
	}
	return list
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
