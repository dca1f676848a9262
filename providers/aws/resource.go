package aws

import (
	"context"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// resourceType is one managed resource type: its schema and the plain
// functions that create, read, update and delete its objects.
type resourceType struct {
	schema *schema.Resource
	// create makes the object and returns what it knows of it (at least
	// the id). On error it returns the partial object, or null when
	// nothing was created, so that nothing is orphaned.
	create func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics)
	// read returns the live object, or null when it is gone. Attributes
	// the API cannot show are carried over from prior.
	read func(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics)
	// update changes the object in place; nil when every change replaces.
	update func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics)
	// delete removes the object and waits until it is gone.
	delete func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics
	// importState turns a Terraform import ID into a stub that read completes.
	importState func(id string) (cty.Value, schema.Diagnostics)
	// defaults are the values Optional+Computed attributes take when
	// configuration leaves them null, as Terraform's schema defaults do.
	defaults map[string]cty.Value
	// jsonAttrs are top-level string attributes holding JSON documents,
	// with the semantic equality that suppresses formatting-only diffs.
	jsonAttrs map[string]equalFunc
	// plan, when set, adjusts the planned value (e.g. unknown computed
	// attributes that an update changes).
	plan func(c *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics)
	// validate, when set, checks a configuration beyond the schema.
	validate func(config cty.Value) schema.Diagnostics
	// writeComplete says create and update return the whole object as AWS
	// holds it (from the write's own answer), so no read follows a write.
	writeComplete bool
	// timeouts are the type's operation timeouts as the Terraform AWS
	// provider documents them; nil when it has no timeouts block.
	timeouts *kit.Timeouts
}

// dataSourceType is one data source type.
type dataSourceType struct {
	schema *schema.Resource
	read   func(ctx context.Context, c *client, config cty.Value) (cty.Value, schema.Diagnostics)
	// pure data sources compute without AWS and need no Configure.
	pure bool
}

// equalFunc reports whether two JSON documents mean the same.
type equalFunc func(a, b string) bool

func (r *resourceType) block() *schema.Block { return r.schema.Block }

// planner is kit's rule for objects on a platform, with AWS's own
// adjustments: the type's defaults, tags_all from the provider's
// default_tags, prior spellings of equivalent JSON documents, and the
// type's plan function.
func (r *resourceType) planner(c *client) *kit.Planner {
	return &kit.Planner{Block: r.block(),
		Adjust: func(prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			return r.adjustPlan(c, prior, planned, config)
		}}
}

// adjustPlan fills the type's defaults (as kit.Planner's Defaults would)
// and tags_all in one copy of the object: each copy of an object of many
// attributes is a new map and a new object type, and planning an
// aws_s3_object made three.
func (r *resourceType) adjustPlan(c *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	set := kit.DefaultsToFill(planned, config, r.defaults)
	if _, ok := r.block().Attributes["tags_all"]; ok {
		attr := func(name string) cty.Value {
			if v, ok := set[name]; ok {
				return v
			}
			return planned.GetAttr(name)
		}
		if all := c.planTagsAll(attr("tags")); !attr("tags_all").RawEquals(all) {
			if set == nil {
				set = map[string]cty.Value{}
			}
			set["tags_all"] = all
		}
	}
	planned = kit.SetAll(planned, set)
	if !prior.IsNull() {
		planned = keepEquivalentJSON(r.jsonAttrs, prior, planned)
	}
	if r.plan == nil {
		return planned, nil
	}
	return r.plan(c, prior, planned, config)
}

// settle finishes a value read from the cloud: defaults for attributes the
// API does not report, prior spellings of equivalent JSON, no unknowns.
func (r *resourceType) settle(prior, live cty.Value) cty.Value {
	if live.IsNull() {
		return live
	}
	for name, def := range r.defaults {
		if !live.GetAttr(name).IsNull() {
			continue
		}
		if !prior.IsNull() && prior.GetAttr(name).IsKnown() && !prior.GetAttr(name).IsNull() {
			live = kit.Set(live, name, prior.GetAttr(name))
		} else {
			live = kit.Set(live, name, def)
		}
	}
	for name := range r.jsonAttrs {
		// The API's own spelling, compacted: what a configuration written
		// with jsonencode usually says, so imports match applied objects.
		if v := live.GetAttr(name); kit.Usable(v) {
			live = kit.Set(live, name, cty.StringVal(compactJSON(v.AsString())))
		}
	}
	if !prior.IsNull() {
		live = keepEquivalentJSON(r.jsonAttrs, prior, live)
	}
	return kit.NullUnknowns(live)
}

// keepEquivalentJSON keeps prior's text of each JSON attribute that next
// holds an equivalent document of, so formatting never shows as a diff.
func keepEquivalentJSON(attrs map[string]equalFunc, prior, next cty.Value) cty.Value {
	for name, eq := range attrs {
		next = kit.KeepIfEqual(prior, next, name, eq)
	}
	return next
}

// afterWrite finishes a create or update: on error the written value with
// unknowns nulled, otherwise the object read back (readAfterWrite).
func (r *resourceType) afterWrite(ctx context.Context, c *client, written cty.Value, diags schema.Diagnostics) (cty.Value, schema.Diagnostics) {
	if diags.HasErrors() {
		return kit.NullUnknowns(written), diags
	}
	if r.writeComplete {
		return r.settle(written, kit.NullUnknowns(written)), diags
	}
	state, more := r.readAfterWrite(ctx, c, written)
	return state, append(diags, more...)
}

// readAfterWrite reads the object a create or update just wrote, keeping
// the written value when the read cannot see it yet.
func (r *resourceType) readAfterWrite(ctx context.Context, c *client, written cty.Value) (cty.Value, schema.Diagnostics) {
	written = kit.NullUnknowns(written)
	live, diags := r.read(ctx, c, written)
	if diags.HasErrors() || live.IsNull() {
		return r.settle(written, written), diags
	}
	return r.settle(written, live), diags
}
