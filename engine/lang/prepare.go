package lang

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Preparer prepares bodies for evaluation (PrepareBlock), sharing what
// depends on the schema alone between the bodies it prepares for one
// schema: the decoder specification, and the plain decoder's values of
// the entries a body leaves out (one map per set of attributes the
// bodies set). A plan that carries every resource's prepared body to its
// apply (plan.Options.CarryPrepared) held a copy of both per resource,
// about 700 of the 1,200 bytes of a null_resource's prepared body.
//
// A plan or an apply holds one for its run: the schemas are its
// providers', which do not change during it. The zero value is ready;
// it is safe for concurrent use. A nil *Preparer shares nothing.
type Preparer struct {
	blocks sync.Map // *schema.Block -> *blockPrep
	// prepared counts the bodies it prepared (Prepared).
	prepared atomic.Int64
}

// blockPrep is what preparing a body derives from its schema alone.
type blockPrep struct {
	schema *schema.Block
	spec   hcldec.Spec
	// absent maps the sorted names of the attributes a plain body sets
	// (absentKey) to the values of the spec's other entries (absentOf).
	absent sync.Map // string -> map[string]cty.Value
}

// Prepare is PrepareBlock for a body evaluated again and again (a
// resource's, once per instance and again by the apply), with b's derived
// parts shared: its expressions are also made compact where they can be
// (compact.go), which costs once and pays back from the second
// evaluation. A nil *Preparer shares nothing.
func (p *Preparer) Prepare(body hcl.Body, b *schema.Block) *PreparedBlock {
	if p != nil {
		p.prepared.Add(1)
	}
	return prepareBlock(body, p.block(b), true)
}

// Prepared is how many bodies p prepared (none for a nil *Preparer).
func (p *Preparer) Prepared() int {
	if p == nil {
		return 0
	}
	return int(p.prepared.Load())
}

// block returns the prepared parts of b, made on first use.
func (p *Preparer) block(b *schema.Block) *blockPrep {
	if p == nil || b == nil {
		return &blockPrep{schema: b, spec: DecoderSpec(b)}
	}
	if v, ok := p.blocks.Load(b); ok {
		return v.(*blockPrep)
	}
	v, _ := p.blocks.LoadOrStore(b, &blockPrep{schema: b, spec: DecoderSpec(b)})
	return v.(*blockPrep)
}

// absentOf returns the values of the entries of absent, the part of bp's
// spec that a plain body leaves out, decoded without the body; set are
// the attributes the body sets. ok is false when they do not follow from
// the spec alone (a block type that needs blocks). The map is shared
// between the bodies that set the same attributes: it is read, never
// written.
func (bp *blockPrep) absentOf(absent hcldec.ObjectSpec, set []plainAttr) (map[string]cty.Value, bool) {
	names := make([]string, len(set))
	for i, a := range set {
		names[i] = a.name
	}
	slices.Sort(names)
	key := strings.Join(names, "\x00")
	if v, ok := bp.absent.Load(key); ok {
		m, _ := v.(map[string]cty.Value)
		return m, m != nil
	}
	base, diags := hcldec.Decode(hcl.EmptyBody(), absent, nil)
	var m map[string]cty.Value
	if len(diags) == 0 && base.Type().IsObjectType() && base.IsWhollyKnown() {
		m = base.AsValueMap()
	}
	v, _ := bp.absent.LoadOrStore(key, m)
	m, _ = v.(map[string]cty.Value)
	return m, m != nil
}
