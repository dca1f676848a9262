package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// Plan writes a plan for people, as Terraform does: drift first, then each
// change with its attribute diff, output changes, and the summary line.
// Changes whose schema block schemas knows render their nested blocks as
// blocks; schemas may be nil.
func Plan(w io.Writer, p *plans.Plan, c Colors, schemas Schemas) {
	// The text goes to w in pieces of about planChunk bytes, each ending
	// after a change: a plan of thousands of objects built whole (724 KB
	// for 1,000 aws_s3_object creates) was a tenth of its rendering in
	// copying the growing buffer.
	var b strings.Builder
	if drift := relevantDrift(p); len(drift) > 0 {
		Drift(&b, drift, c, schemas)
		b.WriteString("\n")
	}
	if p.Mode == plans.RefreshOnlyMode {
		if len(p.Drift) == 0 {
			b.WriteString(c.wrap(c.Bold, "No changes.") + " Your infrastructure still matches the configuration.\n")
		} else {
			b.WriteString("This is a refresh-only plan, so trueup will not take any actions to undo these. " +
				"Applying it will update the state to match.\n")
		}
		io.WriteString(w, b.String())
		return
	}
	changes := actionable(p.Changes)
	if len(changes) == 0 && !hasOutputChanges(p) {
		b.WriteString(c.wrap(c.Bold, "No changes.") + " Your infrastructure matches the configuration.\n")
		io.WriteString(w, b.String())
		return
	}
	if len(changes) > 0 {
		b.WriteString("trueup will perform the following actions:\n\n")
		writeChanges(w, &b, changes, c, schemas)
		cn := p.Counts()
		fmt.Fprintf(&b, "%s %s.\n", c.wrap(c.Bold, "Plan:"), cn.PlanSummary())
	}
	if hasOutputChanges(p) {
		if len(changes) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("Changes to Outputs:\n")
		for _, oc := range p.Outputs {
			outputChange(&b, oc, outputWidth(p), c)
		}
		if len(changes) == 0 {
			// Nothing else says what applying such a plan does.
			b.WriteString("\nYou can apply this plan to save these new output values to the trueup state, " +
				"without changing any real infrastructure.\n")
		}
	}
	io.WriteString(w, b.String())
}

// Drift writes the objects that changed outside trueup, nested blocks as
// blocks where schemas knows their type.
func Drift(b *strings.Builder, drift []*plans.ResourceChange, c Colors, schemas Schemas) {
	b.WriteString(c.wrap(c.Bold, "Note: Objects have changed outside of trueup") + "\n\n")
	b.WriteString("trueup detected the following changes made outside of trueup since the last apply:\n\n")
	for _, rc := range drift {
		verb := "has changed"
		if rc.Action == plans.Delete {
			verb = "has been deleted"
		}
		fmt.Fprintf(b, "  %s %s\n", c.wrap(c.Bold, "# "+rc.Addr.String()), verb)
		d := &differ{c: c, b: b}
		sym := d.sym("~")
		if rc.Action == plans.Delete {
			sym = d.sym("-")
		}
		fmt.Fprintf(b, "  %s resource %q %q {\n", sym, rc.Addr.Resource.Type, nameWithKey(rc.Addr))
		d.body(rc.Before, rc.After, schemas.of(rc))
		b.WriteString("    }\n\n")
	}
}

// Change writes one resource change; block is its type's schema block,
// or nil when unknown.
func Change(b *strings.Builder, rc *plans.ResourceChange, c Colors, block *schema.Block) {
	d := &differ{c: c, b: b, replace: rc.RequiredReplace}
	addr := rc.Addr.String()
	if rc.Deposed != "" {
		addr += " (deposed object " + rc.Deposed + ")"
	}
	var verb, sym string
	switch rc.Action {
	case plans.NoOp:
		verb, sym = "will be imported", "   "
		if rc.Importing == "" {
			verb = "has moved to " + addr
			addr = rc.PrevAddr.String()
		}
	case plans.Forget:
		// Terraform indents these headers by one space, not two.
		verb, sym = "will no longer be managed by trueup, but will not be destroyed", " ."
	case plans.Create:
		verb, sym = "will be created", c.wrap(c.Green, "  +")
	case plans.Update:
		verb, sym = "will be updated in-place", c.wrap(c.Yellow, "  ~")
	case plans.DeleteThenCreate:
		verb, sym = "must be replaced", c.wrap(c.Red, "-")+"/"+c.wrap(c.Green, "+")
	case plans.CreateThenDelete:
		verb, sym = "must be replaced", c.wrap(c.Green, "+")+"/"+c.wrap(c.Red, "-")
	case plans.Delete:
		verb, sym = "will be destroyed", c.wrap(c.Red, "  -")
	case plans.Read:
		verb, sym = "will be read during apply", c.wrap(c.Cyan, " <=")
	}
	switch {
	case rc.Reason == plans.ReasonReplaceByTriggers:
		verb = "will be replaced due to changes in replace_triggered_by"
	case rc.Reason == plans.ReasonReplaceRequested:
		verb = "will be replaced, as requested"
	case rc.Reason == plans.ReasonTainted && rc.Action.IsReplace():
		verb = "is tainted, so must be replaced"
	}
	lead := "  "
	if rc.Action == plans.Forget {
		lead = " "
	}
	fmt.Fprintf(b, "%s%s %s\n", lead, c.wrap(c.Bold, "# "+addr), verb)
	switch {
	case rc.Reason == plans.ReasonTainted:
	case rc.Action == plans.Forget:
		fmt.Fprintf(b, " # (%s)\n", rc.Reason)
	case rc.Reason == plans.ReasonCheckNested, rc.Reason == plans.ReasonDependencyPending:
		fmt.Fprintf(b, "  # (%s)\n", rc.Reason)
	case rc.Reason != "" && rc.Action != plans.Create && rc.Reason != plans.ReasonReplaceByTriggers && rc.Reason != plans.ReasonReplaceRequested:
		fmt.Fprintf(b, "  # (because %s)\n", reasonText(rc))
	}
	if rc.Moved() && rc.Action != plans.NoOp {
		fmt.Fprintf(b, "  # (moved from %s)\n", rc.PrevAddr)
	}
	if rc.GeneratedConfig != "" {
		b.WriteString("  # (config will be generated)\n")
	}
	if rc.Importing != "" && rc.Action != plans.NoOp {
		fmt.Fprintf(b, "  # (imported from %q)\n", rc.Importing)
	}
	kind := "resource"
	if rc.Addr.Resource.Mode == addrs.DataResourceMode {
		kind = "data"
	}
	fmt.Fprintf(b, "%s %s %q %q {\n", sym, kind, rc.Addr.Resource.Type, nameWithKey(rc.Addr))
	before, after := rc.Before, rc.After
	if rc.Action == plans.Create || rc.Action == plans.Read {
		before = cty.NullVal(after.Type())
	}
	d.body(before, after, block)
	b.WriteString("    }\n")
}

// body writes a resource's diff: by its schema block when known.
func (d *differ) body(before, after cty.Value, block *schema.Block) {
	if block == nil {
		d.object(before, after, 6, true)
		return
	}
	d.block(before, after, block, nil, 6)
}

func outputChange(b *strings.Builder, oc *plans.OutputChange, width int, c Colors) {
	d := &differ{c: c, b: b, dynamic: true}
	before, after := oc.Before, oc.After
	if oc.Sensitive {
		if !before.IsNull() {
			before = cty.StringVal("").Mark(sensitiveMark)
		}
		if !after.IsNull() {
			after = cty.StringVal("").Mark(sensitiveMark)
		}
	}
	switch oc.Action {
	case plans.NoOp:
		return
	case plans.Create:
		d.attr(oc.Name, width, cty.NullVal(cty.DynamicPseudoType), after, 2, "")
	case plans.Delete:
		d.attr(oc.Name, width, before, cty.NullVal(cty.DynamicPseudoType), 2, "")
	default:
		d.attr(oc.Name, width, before, after, 2, "")
	}
}

// nameWithKey returns the block name shown in a change header; the
// instance key is in the address comment above it, as in Terraform.
func nameWithKey(ri addrs.ResourceInstance) string { return ri.Resource.Name }

// actionable returns the changes that do something, in order.
func actionable(rcs []*plans.ResourceChange) []*plans.ResourceChange {
	var out []*plans.ResourceChange
	for _, rc := range rcs {
		if rc.Action != plans.NoOp || rc.Moved() || rc.Importing != "" {
			out = append(out, rc)
		}
	}
	return out
}

// outputWidth is the width output names are aligned to: that of the
// longest name among all the root module's outputs, changed or not, as
// Terraform aligns them.
func outputWidth(p *plans.Plan) int {
	w := 0
	for _, oc := range p.Outputs {
		w = max(w, len(oc.Name))
	}
	return w
}

func hasOutputChanges(p *plans.Plan) bool {
	for _, oc := range p.Outputs {
		if oc.Action != plans.NoOp {
			return true
		}
	}
	return false
}

// relevantDrift returns the drift worth showing with a plan: all of it in
// refresh-only mode, else only that of objects the plan changes — as
// Terraform does, so that drift the configuration does not care about (a
// counter the API bumps) does not bury the plan. `trueup drift` and the
// JSON plan report all of it.
func relevantDrift(p *plans.Plan) []*plans.ResourceChange {
	if p.Mode == plans.RefreshOnlyMode {
		return p.Drift
	}
	changed := map[string]bool{}
	for _, rc := range p.Changes {
		if rc.Action != plans.NoOp {
			changed[rc.Addr.String()] = true
		}
	}
	var out []*plans.ResourceChange
	for _, d := range p.Drift {
		if changed[d.Addr.String()] || d.Action == plans.Delete {
			out = append(out, d)
		}
	}
	return out
}

// reasonText is why rc is planned as Terraform says it: an orphan's
// reason names its instance key and how the configuration expands it.
func reasonText(rc *plans.ResourceChange) string {
	key := rc.Addr.Key
	switch rc.Reason {
	case plans.ReasonCountIndex:
		if key != addrs.NoKey {
			return "index " + key.String() + " is out of range for count"
		}
	case plans.ReasonEachKey:
		if key != addrs.NoKey {
			return "key " + key.String() + " is not in for_each map"
		}
	case plans.ReasonWrongRepetition:
		switch key.(type) {
		case addrs.IntKey:
			return "resource does not use count"
		case addrs.StringKey:
			return "resource does not use for_each"
		}
		return "resource uses count or for_each"
	}
	return rc.Reason
}
