package render

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// jsonConfig is a plan's configuration: Terraform's jsonconfig layout.
type jsonConfig struct {
	ProviderConfig map[string]*jsonProviderConfig `json:"provider_config,omitempty"`
	RootModule     jsonConfigModule               `json:"root_module"`
}

type jsonProviderConfig struct {
	Name              string         `json:"name,omitempty"`
	FullName          string         `json:"full_name,omitempty"`
	Alias             string         `json:"alias,omitempty"`
	VersionConstraint string         `json:"version_constraint,omitempty"`
	ModuleAddress     string         `json:"module_address,omitempty"`
	Expressions       map[string]any `json:"expressions,omitempty"`
	parentKey         string
}

type jsonConfigModule struct {
	Outputs     map[string]jsonConfigOutput   `json:"outputs,omitempty"`
	Resources   []jsonConfigResource          `json:"resources,omitempty"`
	ModuleCalls map[string]jsonModuleCall     `json:"module_calls,omitempty"`
	Variables   map[string]jsonConfigVariable `json:"variables,omitempty"`
}

type jsonConfigOutput struct {
	Sensitive   bool           `json:"sensitive,omitempty"`
	Expression  jsonExpression `json:"expression"`
	DependsOn   []string       `json:"depends_on,omitempty"`
	Description string         `json:"description,omitempty"`
}

type jsonConfigResource struct {
	Address           string          `json:"address,omitempty"`
	Mode              string          `json:"mode,omitempty"`
	Type              string          `json:"type,omitempty"`
	Name              string          `json:"name,omitempty"`
	ProviderConfigKey string          `json:"provider_config_key,omitempty"`
	Expressions       map[string]any  `json:"expressions,omitempty"`
	SchemaVersion     int64           `json:"schema_version"`
	CountExpression   *jsonExpression `json:"count_expression,omitempty"`
	ForEachExpression *jsonExpression `json:"for_each_expression,omitempty"`
	DependsOn         []string        `json:"depends_on,omitempty"`
}

type jsonModuleCall struct {
	Source            string           `json:"source,omitempty"`
	Expressions       map[string]any   `json:"expressions,omitempty"`
	CountExpression   *jsonExpression  `json:"count_expression,omitempty"`
	ForEachExpression *jsonExpression  `json:"for_each_expression,omitempty"`
	Module            jsonConfigModule `json:"module"`
	VersionConstraint string           `json:"version_constraint,omitempty"`
	DependsOn         []string         `json:"depends_on,omitempty"`
}

type jsonConfigVariable struct {
	Default     json.RawMessage `json:"default,omitempty"`
	Description string          `json:"description,omitempty"`
	Sensitive   bool            `json:"sensitive,omitempty"`
}

// jsonExpression is an expression as Terraform describes it: its value
// when it is a constant, and what it refers to.
type jsonExpression struct {
	ConstantValue json.RawMessage `json:"constant_value,omitempty"`
	References    []string        `json:"references,omitempty"`
}

// snapshotConfig loads the configuration tree from the plan's snapshot,
// or returns nil when the plan has none or it does not load.
func snapshotConfig(p *plans.Plan) *config.Config {
	if len(p.ConfigSources) == 0 {
		return nil
	}
	root, diags := config.LoadSources(p.ConfigDir, config.RootSnapshot(p.ConfigSources))
	if root == nil || diags.HasErrors() {
		return nil
	}
	cfg, diags := config.BuildTree(root, config.SnapshotSource{RootDir: p.ConfigDir, Sources: p.ConfigSources, Dirs: p.ModuleDirs})
	if diags.HasErrors() {
		return nil
	}
	return cfg
}

// configurationJSON describes the configuration tree. versions gives the
// schema version of resource types.
func configurationJSON(cfg *config.Config, versions map[string]int64) *jsonConfig {
	pcs := map[string]*jsonProviderConfig{}
	providerConfigsJSON(cfg, pcs)
	root := configModuleJSON(cfg, versions, pcs)
	for key, pc := range pcs {
		if pc.parentKey != "" {
			delete(pcs, key)
		}
	}
	return &jsonConfig{ProviderConfig: pcs, RootModule: root}
}

// opaqueProviderKey is Terraform's provider_config key: "aws.west" in the
// root module, "module.net:aws.west" in another.
func opaqueProviderKey(provider string, module addrs.Module) string {
	if module.IsRoot() {
		return provider
	}
	return module.String() + ":" + provider
}

// providerFullName returns the source address of a provider local name in
// a module: its required_providers source, or the default.
func providerFullName(mod *config.Module, name string) string {
	if rp, ok := mod.RequiredProviders[name]; ok && rp.Source != "" {
		src := rp.Source
		if strings.Count(src, "/") == 1 {
			src = "registry.terraform.io/" + src
		}
		return src
	}
	return state.ProviderSource(name)
}

// providerConfigsJSON adds the provider configurations of c and its
// descendants to m, as Terraform's marshalProviderConfigs does: provider
// blocks, required providers, providers implied by resources, and those
// passed to or inherited by child modules, which point at their source
// with parentKey.
func providerConfigsJSON(c *config.Config, m map[string]*jsonProviderConfig) {
	mod := c.Module
	for _, pc := range mod.ProviderConfigs {
		local := pc.Name
		if pc.Alias != "" {
			local += "." + pc.Alias
		}
		m[opaqueProviderKey(local, c.Path)] = &jsonProviderConfig{
			Name: pc.Name, FullName: providerFullName(mod, pc.Name), Alias: pc.Alias,
			ModuleAddress: c.Path.String(), Expressions: bodyExpressions(pc.Config, nil),
		}
	}
	names := map[string]bool{}
	for name := range mod.RequiredProviders {
		names[name] = true
	}
	for _, r := range slices.Concat(mapValues(mod.ManagedResources), mapValues(mod.DataResources)) {
		names[resourceProviderName(r)] = true
	}
	for _, name := range sortedKeys(names) {
		key := opaqueProviderKey(name, c.Path)
		if _, ok := m[key]; ok {
			continue
		}
		pc := &jsonProviderConfig{Name: name, FullName: providerFullName(mod, name), ModuleAddress: c.Path.String()}
		if c.Parent != nil {
			pc.parentKey = findSourceProviderKey(opaqueProviderKey(name, c.Parent.Path), pc.FullName, m)
		}
		m[key] = pc
	}
	for _, name := range sortedKeys(mod.ModuleCalls) {
		child := c.Children[name]
		if child == nil {
			continue
		}
		for _, pp := range mod.ModuleCalls[name].Providers {
			inChild, inParent := providerRefString(pp.InChild), providerRefString(pp.InParent)
			pc := &jsonProviderConfig{Name: inChild, FullName: providerFullName(child.Module, pp.InChild.Name), ModuleAddress: child.Path.String()}
			pc.parentKey = findSourceProviderKey(opaqueProviderKey(inParent, c.Path), pc.FullName, m)
			m[opaqueProviderKey(inChild, child.Path)] = pc
		}
		providerConfigsJSON(child, m)
	}
}

// findSourceProviderKey follows parentKey links from startKey to the
// configuration a provider comes from; "" when startKey is not one.
func findSourceProviderKey(startKey, fullName string, m map[string]*jsonProviderConfig) string {
	var parentKey string
	key := startKey
	for key != parentKey {
		pc, ok := m[key]
		if !ok || pc.FullName != fullName {
			break
		}
		parentKey, key = key, pc.parentKey
	}
	return parentKey
}

func providerRefString(r *config.ProviderConfigRef) string {
	if r.Alias != "" {
		return r.Name + "." + r.Alias
	}
	return r.Name
}

// resourceProviderName is the provider local name a resource uses.
func resourceProviderName(r *config.Resource) string {
	if r.ProviderConfigRef != nil {
		return r.ProviderConfigRef.Name
	}
	name, _, _ := strings.Cut(r.Type, "_")
	return name
}

func configModuleJSON(c *config.Config, versions map[string]int64, pcs map[string]*jsonProviderConfig) jsonConfigModule {
	mod := c.Module
	var out jsonConfigModule
	for _, r := range slices.Concat(sortedResources(mod.ManagedResources), sortedResources(mod.DataResources)) {
		out.Resources = append(out.Resources, configResourceJSON(c, r, versions, pcs))
	}
	if len(mod.Outputs) > 0 {
		out.Outputs = map[string]jsonConfigOutput{}
		for name, o := range mod.Outputs {
			out.Outputs[name] = jsonConfigOutput{Sensitive: o.Sensitive, Expression: expressionJSON(o.Expr),
				DependsOn: traversalStrings(o.DependsOn), Description: o.Description}
		}
	}
	for name, call := range mod.ModuleCalls {
		if out.ModuleCalls == nil {
			out.ModuleCalls = map[string]jsonModuleCall{}
		}
		mc := jsonModuleCall{Source: call.SourceAddr, VersionConstraint: call.Version,
			Expressions: bodyExpressions(call.Config, moduleCallMetaArgs), DependsOn: traversalStrings(call.DependsOn),
			CountExpression: optionalExpression(call.Count), ForEachExpression: optionalExpression(call.ForEach)}
		if child := c.Children[name]; child != nil {
			mc.Module = configModuleJSON(child, versions, pcs)
		}
		out.ModuleCalls[name] = mc
	}
	if len(mod.Variables) > 0 {
		out.Variables = map[string]jsonConfigVariable{}
		for name, v := range mod.Variables {
			jv := jsonConfigVariable{Description: v.Description, Sensitive: v.Sensitive}
			// A sensitive variable's default stays out: secrets never
			// reach plan output, even from the configuration's text.
			if v.Default != cty.NilVal && v.Default.IsWhollyKnown() && !v.Sensitive {
				if raw, err := ctyjson.Marshal(v.Default, v.Default.Type()); err == nil {
					jv.Default = raw
				}
			}
			out.Variables[name] = jv
		}
	}
	return out
}

func configResourceJSON(c *config.Config, r *config.Resource, versions map[string]int64, pcs map[string]*jsonProviderConfig) jsonConfigResource {
	addr := addrs.Resource{Mode: r.Mode, Type: r.Type, Name: r.Name}
	provider := resourceProviderName(r)
	if r.ProviderConfigRef != nil && r.ProviderConfigRef.Alias != "" {
		provider += "." + r.ProviderConfigRef.Alias
	}
	key := opaqueProviderKey(provider, c.Path)
	if pc, ok := pcs[key]; ok && pc.parentKey != "" {
		key = pc.parentKey
	}
	return jsonConfigResource{
		Address: addr.String(), Mode: r.Mode.String(), Type: r.Type, Name: r.Name,
		ProviderConfigKey: key, Expressions: bodyExpressions(r.Config, resourceMetaArgs),
		SchemaVersion: versions[r.Type], DependsOn: traversalStrings(r.DependsOn),
		CountExpression: optionalExpression(r.Count), ForEachExpression: optionalExpression(r.ForEach),
	}
}

// resourceMetaArgs are the arguments and blocks of a resource block that
// are not the resource type's.
var resourceMetaArgs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true,
	"lifecycle": true, "provisioner": true, "connection": true, "dynamic": true}

// moduleCallMetaArgs are the arguments of a module block that are not
// the module's input variables.
var moduleCallMetaArgs = map[string]bool{"source": true, "version": true, "count": true, "for_each": true,
	"depends_on": true, "providers": true}

// bodyExpressions describes the arguments of a block body, and its nested
// blocks as lists of such descriptions, skipping names in skip.
func bodyExpressions(body hcl.Body, skip map[string]bool) map[string]any {
	sb, ok := config.SyntaxBody(body)
	if !ok {
		return nil
	}
	out := map[string]any{}
	for name, attr := range sb.Attributes {
		if !skip[name] {
			out[name] = expressionJSON(attr.Expr)
		}
	}
	for _, b := range sb.Blocks {
		if skip[b.Type] {
			continue
		}
		list, _ := out[b.Type].([]map[string]any)
		out[b.Type] = append(list, bodyExpressions(b.Body, nil))
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func optionalExpression(e hcl.Expression) *jsonExpression {
	if e == nil {
		return nil
	}
	j := expressionJSON(e)
	if j.ConstantValue == nil && j.References == nil {
		return nil
	}
	return &j
}

// expressionJSON describes an expression as Terraform does: its constant
// value when it evaluates without a context, and its references, each
// followed by its shorter forms ("module.net.ids[0]", "module.net.ids",
// "module.net").
func expressionJSON(e hcl.Expression) jsonExpression {
	var out jsonExpression
	if e == nil {
		return out
	}
	if v, diags := e.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
		if raw, err := ctyjson.Marshal(v, v.Type()); err == nil {
			out.ConstantValue = raw
		}
	}
	for _, tr := range e.Variables() {
		out.References = append(out.References, referenceStrings(tr)...)
	}
	return out
}

// referenceStrings returns a reference with its remaining steps removed
// one at a time down to the referenced object, and then the containing
// resource or module call, as Terraform lists references.
func referenceStrings(tr hcl.Traversal) []string {
	root, ok := traverserName(tr[0])
	if !ok {
		return nil
	}
	subject := 2
	var extra string
	switch root {
	case "self":
		return nil
	case "module":
		if len(tr) > 2 {
			if _, isIndex := tr[2].(hcl.TraverseIndex); isIndex {
				subject = 3
				extra = addrs.TraversalString(tr[:2])
			}
		}
		if len(tr) > subject {
			if _, isAttr := tr[subject].(hcl.TraverseAttr); isAttr {
				// A module output: the call instance follows it.
				extra = addrs.TraversalString(tr[:subject])
				subject++
			}
		}
	case "var", "local", "count", "each", "path", "terraform":
	default:
		if root == "data" {
			subject = 3
		}
		if len(tr) > subject {
			if _, isIndex := tr[subject].(hcl.TraverseIndex); isIndex {
				subject++
				extra = addrs.TraversalString(tr[:subject-1])
			}
		}
	}
	if len(tr) < subject {
		return []string{addrs.TraversalString(tr)}
	}
	var out []string
	for end := len(tr); end > subject; end-- {
		out = append(out, addrs.TraversalString(tr[:end]))
	}
	out = append(out, addrs.TraversalString(tr[:subject]))
	if extra != "" {
		out = append(out, extra)
	}
	return out
}

func traversalStrings(trs []hcl.Traversal) []string {
	var out []string
	for _, tr := range trs {
		out = append(out, addrs.TraversalString(tr))
	}
	return out
}

func sortedResources(m map[string]*config.Resource) []*config.Resource {
	out := mapValues(m)
	slices.SortFunc(out, func(a, b *config.Resource) int {
		return strings.Compare(a.Type+"."+a.Name, b.Type+"."+b.Name)
	})
	return out
}

func mapValues[V any](m map[string]V) []V {
	var out []V
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
