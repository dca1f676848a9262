package kit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// TimeoutsBlock is the name of the nested block that sets a resource
// type's operation timeouts, as in Terraform's providers.
const TimeoutsBlock = "timeouts"

// Timeouts are the default durations of a resource type's operations, as
// its Terraform provider documents them. An operation with a zero default
// has no timeout and cannot be set in the timeouts block; a type whose
// Timeouts are nil has no timeouts block at all, so configuration that
// writes one is refused with "Unsupported block type", as Terraform does.
type Timeouts struct {
	Create, Read, Update, Delete time.Duration
}

// operation names, as the timeouts block spells them.
const (
	opCreate = "create"
	opRead   = "read"
	opUpdate = "update"
	opDelete = "delete"
)

func (t *Timeouts) byName() map[string]time.Duration {
	return map[string]time.Duration{opCreate: t.Create, opRead: t.Read, opUpdate: t.Update, opDelete: t.Delete}
}

// withTimeoutsBlock is s with a single timeouts block of one optional
// duration string per operation t declares, or s itself when t is nil.
func withTimeoutsBlock(s *schema.Resource, t *Timeouts) *schema.Resource {
	if t == nil {
		return s
	}
	attrs := map[string]*schema.Attribute{}
	for op, d := range t.byName() {
		if d > 0 {
			attrs[op] = &schema.Attribute{Type: cty.String, Optional: true,
				Description: fmt.Sprintf("How long %s may take, as a duration such as \"30s\" or \"2h45m\" (default %s).", op, d)}
		}
	}
	b := *s.Block
	b.BlockTypes = make(map[string]*schema.NestedBlock, len(s.Block.BlockTypes)+1)
	for name, nb := range s.Block.BlockTypes {
		b.BlockTypes[name] = nb
	}
	b.BlockTypes[TimeoutsBlock] = &schema.NestedBlock{Nesting: schema.NestingSingle, Block: schema.Block{Attributes: attrs}}
	return &schema.Resource{Version: s.Version, Block: &b}
}

// stripTimeouts is v without its timeouts attribute, in inner's type: what
// the type's own functions see.
func stripTimeouts(inner *schema.Block, v cty.Value) cty.Value {
	switch {
	case v == cty.NilVal:
		return v
	case v.IsNull():
		return cty.NullVal(inner.ImpliedType())
	case !v.IsKnown():
		return cty.UnknownVal(inner.ImpliedType())
	case !v.Type().IsObjectType() || !v.Type().HasAttribute(TimeoutsBlock):
		return v
	}
	attrs := v.AsValueMap()
	delete(attrs, TimeoutsBlock)
	return cty.ObjectVal(attrs)
}

// addTimeouts is v (in the type's own form) with the timeouts attribute
// of from, in outer's type.
func addTimeouts(outer *schema.Block, v, from cty.Value) cty.Value {
	if v == cty.NilVal || v.IsNull() {
		return cty.NullVal(outer.ImpliedType())
	}
	if !v.IsKnown() {
		return cty.UnknownVal(outer.ImpliedType())
	}
	tt := outer.BlockTypes[TimeoutsBlock].Block.ImpliedType()
	t := cty.NullVal(tt)
	if from != cty.NilVal && !from.IsNull() && from.IsKnown() && from.Type().IsObjectType() && from.Type().HasAttribute(TimeoutsBlock) {
		t = from.GetAttr(TimeoutsBlock)
	}
	attrs := v.AsValueMap()
	if attrs == nil {
		attrs = map[string]cty.Value{}
	}
	attrs[TimeoutsBlock] = t
	return cty.ObjectVal(attrs)
}

// validateTimeouts checks that every duration set in config's timeouts
// block parses.
func validateTimeouts(config cty.Value) schema.Diagnostics {
	if config.IsNull() || !config.IsKnown() || !config.Type().HasAttribute(TimeoutsBlock) {
		return nil
	}
	t := config.GetAttr(TimeoutsBlock)
	if t.IsNull() || !t.IsKnown() {
		return nil
	}
	var diags schema.Diagnostics
	for op, v := range t.AsValueMap() {
		if v.IsNull() || !v.IsKnown() {
			continue
		}
		if _, err := time.ParseDuration(v.AsString()); err != nil {
			diags = append(diags, schema.Errorf(cty.GetAttrPath(TimeoutsBlock).GetAttr(op), "Invalid timeout",
				fmt.Sprintf("%q is not a duration: write a number and a unit, such as \"30s\", \"10m\" or \"2h45m\" (%v).", v.AsString(), err))...)
		}
	}
	return diags
}

// timeoutOf is the duration of operation op for an object whose value
// (with its timeouts attribute) is v: the configured one, else the
// type's default. Zero means no timeout.
func (t *Timeouts) timeoutOf(op string, v cty.Value) time.Duration {
	if t == nil {
		return 0
	}
	def := t.byName()[op]
	if def == 0 || v == cty.NilVal || v.IsNull() || !v.IsKnown() || !v.Type().HasAttribute(TimeoutsBlock) {
		return def
	}
	tv := v.GetAttr(TimeoutsBlock)
	if tv.IsNull() || !tv.IsKnown() || !tv.Type().HasAttribute(op) {
		return def
	}
	s := tv.GetAttr(op)
	if s.IsNull() || !s.IsKnown() {
		return def
	}
	if d, err := time.ParseDuration(s.AsString()); err == nil && d > 0 {
		return d
	}
	return def
}

// deadline runs call under ctx bounded by d (no bound when d is zero) and,
// when d ran out before call finished, adds an error that says which
// operation timed out, after how long, and how to wait longer. call runs
// on a kept goroutine whose stack has grown (onWarmStack).
func deadline(ctx context.Context, op string, d time.Duration, call func(context.Context) schema.Diagnostics) schema.Diagnostics {
	if d <= 0 {
		var diags schema.Diagnostics
		onWarmStack(func() { diags = call(ctx) })
		return diags
	}
	opCtx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	var diags schema.Diagnostics
	onWarmStack(func() { diags = call(opCtx) })
	if !diags.HasErrors() || ctx.Err() != nil || !errors.Is(opCtx.Err(), context.DeadlineExceeded) {
		return diags
	}
	return append(diags, schema.Errorf(nil, "Operation timed out",
		fmt.Sprintf("The %s did not finish within its timeout of %s (elapsed %s): context deadline exceeded. "+
			"Set timeouts { %s = \"...\" } in the resource block to wait longer.",
			op, d, time.Since(start).Round(10*time.Millisecond), op))...)
}
