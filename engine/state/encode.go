package state

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Encode returns the state document for s: Terraform's version 4 layout,
// indented by two spaces as Terraform indents it, resources sorted by
// module, mode, type and name, instances by key, output names sorted, so
// that the same state always encodes to the same bytes. Attribute bodies
// are copied as they are held, re-indented but never decoded. It fails for
// an output whose value is not wholly known, an instance key that is
// neither an integer nor a string, attributes that are not JSON, and
// duplicate resources or instances. Encode does not change s.
func Encode(s *State) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("encode state: no state")
	}
	w := &docWriter{}
	w.buf.Grow(encodedSizeHint(s))
	top := w.object(0)
	top.uintField("version", FormatVersion)
	top.stringField("terraform_version", TerraformVersion)
	top.uintField("serial", s.Serial)
	top.stringField("lineage", s.Lineage)
	top.key("outputs")
	if err := writeOutputs(w, top.inner(), s.Outputs); err != nil {
		return nil, fmt.Errorf("encode state: %w", err)
	}
	top.key("resources")
	if err := writeResources(w, top.inner(), s.Resources); err != nil {
		return nil, fmt.Errorf("encode state: %w", err)
	}
	top.key("check_results")
	if err := writeCheckResults(w, top.inner(), s.CheckResults); err != nil {
		return nil, fmt.Errorf("encode state: %w", err)
	}
	top.key("trueup")
	writeTrueup(w, top.inner(), s)
	top.end()
	w.buf.WriteByte('\n')
	return w.buf.Bytes(), nil
}

// encodedSizeHint estimates the document size so that the buffer grows
// once or twice.
func encodedSizeHint(s *State) int {
	n := 1024
	for _, r := range s.Resources {
		n += 256
		for _, in := range r.Instances {
			n += 256 + len(in.Attributes)*2
		}
	}
	return n
}

func writeOutputs(w *docWriter, depth int, outputs map[string]*Output) error {
	obj := w.object(depth)
	for _, name := range slices.Sorted(maps.Keys(outputs)) {
		if err := writeOutput(w, obj, name, outputs[name]); err != nil {
			return fmt.Errorf("output %q: %w", name, err)
		}
	}
	obj.end()
	return nil
}

func writeOutput(w *docWriter, parent *container, name string, o *Output) error {
	if o == nil {
		return fmt.Errorf("no output value")
	}
	v := o.Value
	if v == cty.NilVal {
		v = cty.NullVal(cty.DynamicPseudoType)
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return fmt.Errorf("value is not known: an output in state must be known")
	}
	val, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return err
	}
	typ, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		return err
	}
	parent.key(name)
	obj := w.object(parent.inner())
	if err := obj.rawField("value", val); err != nil {
		return err
	}
	if err := obj.rawField("type", typ); err != nil {
		return err
	}
	if o.Sensitive {
		obj.key("sensitive")
		w.buf.WriteString("true")
	}
	obj.end()
	return nil
}

func writeResources(w *docWriter, depth int, resources []*Resource) error {
	arr := w.array(depth)
	sorted := sortedResources(resources)
	for i, r := range sorted {
		if i > 0 && !resourceLess(sorted[i-1], r) {
			return fmt.Errorf("duplicate resource %s", r.Addr())
		}
		arr.next()
		if err := writeResource(w, arr.inner(), r); err != nil {
			return err
		}
	}
	arr.end()
	return nil
}

func writeResource(w *docWriter, depth int, r *Resource) error {
	obj := w.object(depth)
	if r.Module != "" {
		obj.stringField("module", r.Module)
	}
	obj.stringField("mode", string(r.Mode))
	obj.stringField("type", r.Type)
	obj.stringField("name", r.Name)
	if r.EachMode != "" {
		obj.stringField("each", r.EachMode)
	}
	obj.stringField("provider", r.Provider)
	obj.key("instances")
	arr := w.array(obj.inner())
	sorted := sortedInstances(r.Instances)
	for i, in := range sorted {
		addr := InstanceString(r.Addr(), in.IndexKey)
		if i > 0 && !instanceLess(sorted[i-1], in) {
			return fmt.Errorf("duplicate instance %s", addr)
		}
		arr.next()
		if err := writeInstance(w, arr.inner(), in); err != nil {
			return fmt.Errorf("%s: %w", addr, err)
		}
	}
	arr.end()
	obj.end()
	return nil
}

func writeInstance(w *docWriter, depth int, in *Instance) error {
	paths, err := marshalPaths(in.SensitiveAttributes)
	if err != nil {
		return err
	}
	obj := w.object(depth)
	switch k := normalizeKey(in.IndexKey).(type) {
	case nil:
	case int:
		obj.intField("index_key", int64(k))
	case string:
		obj.stringField("index_key", k)
	default:
		return fmt.Errorf("index key %v is a %T, want an int or a string", in.IndexKey, in.IndexKey)
	}
	if in.Status != "" {
		obj.stringField("status", in.Status)
	}
	if in.Deposed != "" {
		obj.stringField("deposed", in.Deposed)
	}
	obj.intField("schema_version", in.SchemaVersion)
	if len(in.Attributes) > 0 {
		if err := obj.rawField("attributes", in.Attributes); err != nil {
			return fmt.Errorf("attributes are not valid JSON: %w", err)
		}
	}
	if err := obj.rawField("sensitive_attributes", paths); err != nil {
		return err
	}
	if len(in.Dependencies) > 0 {
		obj.key("dependencies")
		arr := w.array(obj.inner())
		for _, d := range in.Dependencies {
			arr.next()
			w.str(d)
		}
		arr.end()
	}
	if in.CreateBeforeDestroy {
		obj.key("create_before_destroy")
		w.buf.WriteString("true")
	}
	obj.end()
	return nil
}

func writeTrueup(w *docWriter, depth int, s *State) {
	obj := w.object(depth)
	if s.TrueupVersion != "" {
		obj.stringField("version", s.TrueupVersion)
	}
	if s.Meta.Commit != "" {
		obj.stringField("commit", s.Meta.Commit)
	}
	if s.Meta.Source != "" {
		obj.stringField("source", s.Meta.Source)
	}
	if !s.Meta.AppliedAt.IsZero() {
		obj.stringField("applied_at", s.Meta.AppliedAt.Format(time.RFC3339Nano))
	}
	obj.end()
}
