package render

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Outputs writes root outputs as `name = value`, sensitive ones redacted.
func Outputs(w io.Writer, outs map[string]*state.Output) {
	names := make([]string, 0, len(outs))
	for n := range outs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		o := outs[n]
		v := o.Value
		if o.Sensitive {
			fmt.Fprintf(w, "%s = <sensitive>\n", n)
			continue
		}
		fmt.Fprintf(w, "%s = %s\n", n, OutputValue(v))
	}
}

// OutputsJSON writes outputs as Terraform's `output -json` does:
// {"name": {"sensitive": bool, "type": TYPE, "value": VALUE}}. Like
// Terraform, it includes sensitive values: the user asked for them.
func OutputsJSON(w io.Writer, outs map[string]*state.Output) error {
	doc := map[string]map[string]json.RawMessage{}
	for n, o := range outs {
		ty, err := ctyjson.MarshalType(o.Value.Type())
		if err != nil {
			return err
		}
		val, err := ctyjson.Marshal(o.Value, o.Value.Type())
		if err != nil {
			return err
		}
		sens, _ := json.Marshal(o.Sensitive)
		doc[n] = map[string]json.RawMessage{"sensitive": sens, "type": ty, "value": val}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// ObjectDecoder decodes a state object and returns it with the schema of
// its type (nil when unknown: the object then renders as a plain value).
type ObjectDecoder func(r *state.Resource, inst *state.Instance) (cty.Value, *schema.Block, error)

// StateHuman writes every object in state with its attributes, sensitive
// attributes redacted and nested blocks as blocks, as `terraform show`
// does.
func StateHuman(w io.Writer, s *state.State, decode ObjectDecoder) error {
	var b strings.Builder
	for _, r := range s.Resources {
		for _, inst := range r.Instances {
			addr := r.InstanceAddr(inst).String()
			if inst.Deposed != "" {
				addr += " (deposed " + inst.Deposed + ")"
			}
			fmt.Fprintf(&b, "# %s:\n", addr)
			v, block, err := decode(r, inst)
			if err != nil {
				return fmt.Errorf("%s: %w", addr, err)
			}
			kind := "resource"
			if r.Addr.Mode == addrs.DataResourceMode {
				kind = "data"
			}
			fmt.Fprintf(&b, "%s %q %q ", kind, r.Addr.Type, r.Addr.Name)
			b.WriteString(formatObject(v, block, 0))
			b.WriteString("\n\n")
		}
	}
	if len(s.Outputs) > 0 {
		b.WriteString("\nOutputs:\n\n")
		Outputs(&b, s.Outputs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
