package render

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
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
	first := true
	for _, r := range s.Resources {
		for _, inst := range r.Instances {
			if !first {
				b.WriteString("\n")
			}
			first = false
			addr := r.InstanceAddr(inst).String()
			header := "# " + addr + ":"
			switch {
			case inst.Deposed != "":
				header += " (deposed object " + inst.Deposed + ")"
			case inst.Status == state.Tainted:
				header += " (tainted)"
			}
			b.WriteString(header + "\n")
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
			b.WriteString("\n")
		}
	}
	if len(s.Outputs) > 0 {
		// As Terraform's show writes them: typed, as a plan shows values,
		// not as `output` does.
		b.WriteString("\n\nOutputs:\n\n")
		for _, name := range slices.Sorted(maps.Keys(s.Outputs)) {
			fmt.Fprintf(&b, "%s = %s\n", name, stateOutputValue(s.Outputs[name]))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// stateOutputValue is an output's value as `terraform show` writes it.
func stateOutputValue(o *state.Output) string {
	if o.Sensitive {
		return sensitiveValue
	}
	return formatValue(o.Value, 0)
}
