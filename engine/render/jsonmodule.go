package render

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// jsonValues is Terraform's "values" representation, used by a plan's
// planned_values and prior_state and by the state document.
type jsonValues struct {
	Outputs    map[string]jsonOutput `json:"outputs,omitempty"`
	RootModule jsonModule            `json:"root_module"`
}

// jsonOutput is one root output value. Value is left out when it is
// unknown, and (in plan documents) when it is sensitive.
type jsonOutput struct {
	Sensitive bool            `json:"sensitive"`
	Value     json.RawMessage `json:"value,omitempty"`
	Type      json.RawMessage `json:"type,omitempty"`
}

// jsonModule is one module instance with its resources and its child
// module instances, ordered by address.
type jsonModule struct {
	Resources    []jsonResource `json:"resources,omitempty"`
	Address      string         `json:"address,omitempty"`
	ChildModules []*jsonModule  `json:"child_modules,omitempty"`
}

// jsonResource is one resource instance object.
type jsonResource struct {
	Address         string          `json:"address,omitempty"`
	Mode            string          `json:"mode,omitempty"`
	Type            string          `json:"type,omitempty"`
	Name            string          `json:"name,omitempty"`
	Index           any             `json:"index,omitempty"`
	ProviderName    string          `json:"provider_name,omitempty"`
	SchemaVersion   int64           `json:"schema_version"`
	Values          json.RawMessage `json:"values,omitempty"`
	SensitiveValues json.RawMessage `json:"sensitive_values,omitempty"`
	DependsOn       []string        `json:"depends_on,omitempty"`
	Tainted         bool            `json:"tainted,omitempty"`
	DeposedKey      string          `json:"deposed_key,omitempty"`

	module addrs.ModuleInstance
}

// newJSONResource fills the identifying fields of a resource instance
// and its values; sensitive values are written as null.
func newJSONResource(addr addrs.ResourceInstance, providerKey string, schemaVersion int64, v cty.Value) jsonResource {
	r := jsonResource{
		Address: addr.String(), Mode: addr.Resource.Mode.String(), Type: addr.Resource.Type, Name: addr.Resource.Name,
		Index: addrs.KeyJSON(addr.Key), ProviderName: ProviderFQN(providerKey), SchemaVersion: schemaVersion,
		module: addr.Resource.Module,
	}
	if vals := rawValue(v); vals != nil && string(vals) != "{}" && string(vals) != "null" {
		r.Values = vals
	}
	r.SensitiveValues = mustJSON(sensitiveTree(v))
	return r
}

// buildModules arranges resources into the module tree: every module
// instance that holds a resource, and its ancestors, ordered by address.
func buildModules(resources []jsonResource) jsonModule {
	root := &jsonModule{}
	mods := map[string]*jsonModule{"": root}
	var ensure func(m addrs.ModuleInstance) *jsonModule
	ensure = func(m addrs.ModuleInstance) *jsonModule {
		if jm, ok := mods[string(m)]; ok {
			return jm
		}
		jm := &jsonModule{Address: string(m)}
		mods[string(m)] = jm
		up, _ := m.Parent()
		parent := ensure(up)
		parent.ChildModules = append(parent.ChildModules, jm)
		return jm
	}
	for _, r := range resources {
		jm := ensure(r.module)
		jm.Resources = append(jm.Resources, r)
	}
	for _, jm := range mods {
		slices.SortStableFunc(jm.Resources, func(a, b jsonResource) int { return strings.Compare(a.Address, b.Address) })
		slices.SortFunc(jm.ChildModules, func(a, b *jsonModule) int { return strings.Compare(a.Address, b.Address) })
	}
	return *root
}

// ProviderFQN returns the fully qualified source address of the provider
// a configuration key ("aws", "aws.west", "module.net.aws") names, as
// Terraform writes provider_name: registry.terraform.io/hashicorp/aws, or
// terraform.io/builtin/terraform for the built-in provider.
func ProviderFQN(key string) string {
	for strings.HasPrefix(key, "module.") {
		_, after, ok := strings.Cut(strings.TrimPrefix(key, "module."), ".")
		if !ok {
			break
		}
		key = after
	}
	name, _, _ := strings.Cut(key, ".")
	return state.ProviderSource(name)
}
