package config

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

// Module is the configuration of one directory.
type Module struct {
	// SourceDir is the directory as given to Load or LoadSources.
	SourceDir string
	// Sources maps each configuration file's name relative to SourceDir to
	// its bytes: the snapshot a saved plan carries.
	Sources map[string][]byte
	// Files maps the file name used in hcl.Range.Filename (SourceDir
	// joined with the relative name) to the parsed file, for printing
	// diagnostics with their source lines.
	Files map[string]*hcl.File

	// RequiredVersion holds the raw required_version constraint strings of
	// every terraform block. trueup accepts and ignores them: they constrain
	// Terraform's version, not trueup's.
	RequiredVersion []string
	// RequiredVersionRanges are the source ranges of RequiredVersion, by
	// index.
	RequiredVersionRanges []hcl.Range
	// RequiredProviders maps a provider's local name to its requirement.
	RequiredProviders map[string]*RequiredProvider
	// Backend is the terraform block's backend, nil when absent (local).
	Backend *Backend
	// Encryption is the terraform block's encryption block, nil when
	// absent.
	Encryption *Encryption

	// ProviderConfigs maps Provider.Key() ("aws", "aws.west") to the
	// provider block.
	ProviderConfigs map[string]*Provider
	// Variables maps an input variable's name to its declaration.
	Variables map[string]*Variable
	// Locals maps a local value's name to its definition.
	Locals map[string]*Local
	// Outputs maps an output's name to its declaration.
	Outputs map[string]*Output
	// ManagedResources maps "type.name" to a resource block.
	ManagedResources map[string]*Resource
	// DataResources maps "data.type.name" to a data block.
	DataResources map[string]*Resource
	// EphemeralResources maps "ephemeral.type.name" to an ephemeral block
	// (Terraform 1.10).
	EphemeralResources map[string]*Resource
	// ModuleCalls maps a module call's name to its block.
	ModuleCalls map[string]*ModuleCall
	// Moved, Removed and Imports are the refactoring blocks, in file
	// order.
	Moved   []*Moved
	Removed []*Removed
	Imports []*Import
	// Checks maps a check block's name to the block.
	Checks map[string]*Check
}

// ResourceByAddr returns the resource, data or ephemeral block at addr,
// or nil.
func (m *Module) ResourceByAddr(addr addrs.Resource) *Resource {
	return m.ResourcesOf(addr.Mode)[addr.String()]
}

// ResourcesOf returns the module's blocks of mode, by address: the one
// place that maps a mode to its table (nil for an invalid mode).
func (m *Module) ResourcesOf(mode addrs.ResourceMode) map[string]*Resource {
	switch mode {
	case addrs.ManagedResourceMode:
		return m.ManagedResources
	case addrs.DataResourceMode:
		return m.DataResources
	case addrs.EphemeralResourceMode:
		return m.EphemeralResources
	}
	return nil
}

// ResourceTables returns the module's blocks of every mode: managed, data
// and ephemeral, one table each.
func (m *Module) ResourceTables() []map[string]*Resource {
	return []map[string]*Resource{m.ManagedResources, m.DataResources, m.EphemeralResources}
}

func newModule(dir string) *Module {
	return &Module{
		SourceDir:          dir,
		Sources:            map[string][]byte{},
		Files:              map[string]*hcl.File{},
		RequiredProviders:  map[string]*RequiredProvider{},
		ProviderConfigs:    map[string]*Provider{},
		Variables:          map[string]*Variable{},
		Locals:             map[string]*Local{},
		Outputs:            map[string]*Output{},
		ManagedResources:   map[string]*Resource{},
		DataResources:      map[string]*Resource{},
		EphemeralResources: map[string]*Resource{},
		ModuleCalls:        map[string]*ModuleCall{},
		Checks:             map[string]*Check{},
	}
}

// RequiredProvider is one entry of terraform { required_providers {} }.
type RequiredProvider struct {
	// Name is the local name (the entry's key).
	Name string
	// Source is the source address as written ("hashicorp/aws"), or ""
	// for the legacy string form, which implies "hashicorp/NAME".
	Source string
	// Version is the raw version constraint, "" when absent.
	Version   string
	DeclRange hcl.Range
}

// Backend is terraform { backend "TYPE" { ... } }. Config is left
// undecoded: the backend implementation decodes it with its own schema.
type Backend struct {
	Type      string
	Config    hcl.Body
	TypeRange hcl.Range
	DeclRange hcl.Range
}

// Encryption is terraform { encryption { ... } }: state and plan
// encryption. Body is left undecoded: package encryption decodes it.
type Encryption struct {
	Body      hcl.Body
	DeclRange hcl.Range
}

// Provider is a provider configuration block.
type Provider struct {
	Name  string
	Alias string
	// Config is the block body without the alias and version arguments.
	Config    hcl.Body
	NameRange hcl.Range
	DeclRange hcl.Range
}

// Key returns "NAME" or "NAME.ALIAS", the key of the provider in
// Module.ProviderConfigs and of Resource.ProviderKey.
func (p *Provider) Key() string {
	if p.Alias == "" {
		return p.Name
	}
	return p.Name + "." + p.Alias
}

// Local is one local value.
type Local struct {
	Name      string
	Expr      hcl.Expression
	DeclRange hcl.Range
}

// Output is an output block.
type Output struct {
	Name        string
	Description string
	Expr        hcl.Expression
	Sensitive   bool
	// Ephemeral outputs may return ephemeral values; only a child
	// module's output may be ephemeral.
	Ephemeral bool
	// DependsOn holds resource references, checked by Load.
	DependsOn []hcl.Traversal
	// Preconditions are the output's precondition blocks.
	Preconditions []*CheckRule
	DeclRange     hcl.Range
}

// CheckRule is a validation block: a condition and the message shown when
// it is false.
type CheckRule struct {
	Condition    hcl.Expression
	ErrorMessage hcl.Expression
	DeclRange    hcl.Range
}
