package state

import (
	"encoding/json"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// FormatVersion is the version of the state document this package writes.
const FormatVersion = 4

// State is one stack's record of the objects it manages.
type State struct {
	// Serial grows by one with every write of changed content.
	Serial uint64
	// Lineage is a UUID fixed when the state is first created; a write with
	// another lineage is refused.
	Lineage string
	// TrueupVersion is the version of trueup that last wrote the state.
	TrueupVersion string
	// Outputs are the root module's output values.
	Outputs map[string]*Output
	// Resources are ordered by mode, type and name when written.
	Resources []*Resource
	// Meta is trueup's own metadata.
	Meta Meta
	// CheckResults are the outcomes of the configuration's custom
	// conditions and check blocks at the last apply (check_results).
	CheckResults []CheckResult

	// index finds resources by address (nil in a State literal).
	index *resourceIndex
	// enc keeps encodings for the next Encode (ReuseEncodings).
	enc *encodeCache
	// chg tracks changes for a journal (TrackChanges).
	chg *changeSet
}

// Meta is trueup's metadata about the last apply.
type Meta struct {
	// Commit is the git commit SHA the configuration was last applied from.
	Commit string `json:"commit,omitempty"`
	// Source is where the configuration came from (a repository URL and
	// path, or a directory).
	Source string `json:"source,omitempty"`
	// AppliedAt is when the last apply finished.
	AppliedAt time.Time `json:"applied_at,omitzero"`
}

// Output is a root output value.
type Output struct {
	Value     cty.Value
	Sensitive bool
}

// Resource is every instance of one resource block.
type Resource struct {
	// Addr is the resource's address: its module instance (as Terraform
	// writes it, "module.net" or `module.net["a"]`; empty for the root
	// module), mode, type and name. Decode sets it from the file and
	// SetInstance from its argument; the index finds resources by it, so
	// change it only through RemoveInstance and SetInstance.
	Addr addrs.Resource
	// Provider is the provider configuration address, as Terraform writes
	// it: provider["registry.terraform.io/hashicorp/null"] or with ".alias".
	Provider string
	// EachMode is "" (no count or for_each), "list" (count) or "map"
	// (for_each), as in Terraform's state.
	EachMode  string
	Instances []*Instance

	// index finds instances by key when there are many (nil until
	// needed).
	index *instanceIndex
}

// Tainted is the Status of an object the next plan replaces: its creation
// or a creation-time provisioner failed, or `trueup taint` marked it.
const Tainted = "tainted"

// Instance is one object: the single instance, count.index N, or
// for_each key K.
type Instance struct {
	// Key is the instance key, set when the state is decoded:
	// addrs.NoKey, an addrs.IntKey (count) or an addrs.StringKey
	// (for_each). Resource.InstanceAddr gives the object's full address.
	Key addrs.InstanceKey
	// Status is "" or Tainted.
	Status string
	// Deposed is set for an object kept by create_before_destroy whose
	// delete did not complete.
	Deposed       string
	SchemaVersion int64
	// Attributes is the object's value as JSON, decoded with the resource
	// type's schema by the engine.
	Attributes json.RawMessage
	// SensitiveAttributes are the paths of sensitive values in Attributes.
	SensitiveAttributes []cty.Path
	// Dependencies are the addresses of the resources this object depended
	// on when it was last applied, used to order its delete.
	Dependencies        []string
	CreateBeforeDestroy bool
	// Private is the provider's opaque data about the object (state v4
	// "private", base64 in the file), handed back on every call.
	Private []byte
	// AttributesFlat is a legacy flatmap value ("attributes_flat"), set
	// only for objects not written since Terraform 0.11; the provider's
	// UpgradeResourceState turns it into a value.
	AttributesFlat map[string]string
}
