package plans

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func instance(typ, name string, key addrs.InstanceKey) addrs.ResourceInstance {
	return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: typ, Name: name}.Instance(key)
}

// samplePlan has unknown and sensitive values, every kind of change, drift,
// outputs, variables and a configuration snapshot.
func samplePlan() *Plan {
	prior := &state.State{Serial: 7, Lineage: "3f2a6f0e-0000-4000-8000-000000000001", Outputs: map[string]*state.Output{}}
	obj := cty.Object(map[string]cty.Type{"id": cty.String, "result": cty.String})
	return &Plan{
		Mode:          NormalMode,
		PriorState:    prior,
		Variables:     map[string]cty.Value{"env": cty.StringVal("prod"), "replicas": cty.NumberIntVal(3)},
		Targets:       []string{"random_password.db"},
		ConfigDir:     ".",
		ConfigSources: map[string][]byte{"main.tf": []byte("resource \"random_password\" \"db\" {\n  length = 20\n}\n")},
		Commit:        "0123456789abcdef0123456789abcdef01234567",
		Source:        "file:///infra.git//stacks/prod@main",
		Timestamp:     time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC),
		Changes: []*ResourceChange{
			{
				Addr: instance("random_password", "db", addrs.NoKey), ProviderKey: "random", Action: DeleteThenCreate,
				Reason: "replace requested with -replace", RequiredReplace: []cty.Path{cty.GetAttrPath("length")},
				Before:        cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("none"), "result": cty.StringVal("s3cret").Mark(sensitiveMark)}),
				After:         cty.ObjectVal(map[string]cty.Value{"id": cty.UnknownVal(cty.String), "result": cty.UnknownVal(cty.String).Mark(sensitiveMark)}),
				Dependencies:  []string{"random_pet.name"},
				SchemaVersion: 3, CreateBeforeDestroy: true,
			},
			{
				Addr: instance("null_resource", "each", addrs.StringKey("a")), ProviderKey: "null.west", Action: NoOp,
				Before: cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("1"), "result": cty.NullVal(cty.String)}),
				After:  cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("1"), "result": cty.NullVal(cty.String)}),
			},
			{
				Addr: instance("null_resource", "old", addrs.IntKey(2)), ProviderKey: "null", Action: Delete, Deposed: "0a1b2c3d",
				Before: cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("9"), "result": cty.NullVal(cty.String)}),
				After:  cty.NullVal(obj),
			},
		},
		Drift: []*ResourceChange{{
			Addr: instance("null_resource", "each", addrs.StringKey("a")), ProviderKey: "null.west", Action: Update,
			Before: cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("0"), "result": cty.NullVal(cty.String)}),
			After:  cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("1"), "result": cty.NullVal(cty.String)}),
		}},
		Outputs: []*OutputChange{
			{Name: "password", Action: Update, Sensitive: true, Before: cty.StringVal("old"), After: cty.UnknownVal(cty.String)},
			{Name: "names", Action: Create, Before: cty.NullVal(cty.DynamicPseudoType), After: cty.ListVal([]cty.Value{cty.StringVal("a")})},
		},
	}
}

func TestPlanFileMatchesGolden(t *testing.T) {
	got, err := Encode(samplePlan())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "plan.tfplan.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./engine/plans -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the encoded plan differs from %s (run with -update after checking the change is intended)", path)
	}
}

func TestPlanFileRoundTripsUnknownAndSensitiveValues(t *testing.T) {
	want := samplePlan()
	path := filepath.Join(t.TempDir(), "plan.out")
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Changes) != len(want.Changes) || len(got.Outputs) != len(want.Outputs) || len(got.Drift) != 1 {
		t.Fatalf("round trip lost entries: %+v", got)
	}
	for i, rc := range want.Changes {
		g := got.Changes[i]
		if g.Addr != rc.Addr || g.Action != rc.Action || g.Deposed != rc.Deposed || g.ProviderKey != rc.ProviderKey ||
			g.Reason != rc.Reason || g.SchemaVersion != rc.SchemaVersion || g.CreateBeforeDestroy != rc.CreateBeforeDestroy {
			t.Errorf("change %d = %+v, want %+v", i, g, rc)
		}
		if !g.Before.RawEquals(rc.Before) || !g.After.RawEquals(rc.After) {
			t.Errorf("change %s values = %#v -> %#v, want %#v -> %#v (unknowns and sensitive marks kept)", rc.Addr, g.Before, g.After, rc.Before, rc.After)
		}
		if !slices.Equal(g.Dependencies, rc.Dependencies) || len(g.RequiredReplace) != len(rc.RequiredReplace) {
			t.Errorf("change %s lost dependencies or replace paths", rc.Addr)
		}
	}
	if got.PriorState.Lineage != want.PriorState.Lineage || got.PriorState.Serial != want.PriorState.Serial {
		t.Errorf("prior state lineage/serial = %s/%d, want %s/%d", got.PriorState.Lineage, got.PriorState.Serial, want.PriorState.Lineage, want.PriorState.Serial)
	}
	if string(got.ConfigSources["main.tf"]) != string(want.ConfigSources["main.tf"]) || got.Commit != want.Commit || !got.Timestamp.Equal(want.Timestamp) {
		t.Error("round trip lost the configuration snapshot, commit or timestamp")
	}
	if !got.Variables["replicas"].RawEquals(want.Variables["replicas"]) {
		t.Error("round trip lost a variable")
	}
}

func TestPlanFileNeverHoldsASensitiveValueInClear(t *testing.T) {
	b, err := Encode(samplePlan())
	if err != nil {
		t.Fatal(err)
	}
	// Values are msgpack inside base64; a sensitive value is still in the
	// file (apply needs it), marked: the file is as secret as the state.
	// What must hold is that the renderers redact it (engine/render tests)
	// and that the file is written owner-only.
	path := filepath.Join(t.TempDir(), "p")
	if err := WriteFile(path, samplePlan()); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("plan file mode = %v, want 0600: it holds sensitive values", info.Mode().Perm())
	}
	if strings.Contains(string(b), "s3cret") {
		t.Error("a sensitive value appears in clear text in the plan file")
	}
}

func TestDecodeRefusesWhatIsNotAPlan(t *testing.T) {
	for name, input := range map[string]string{
		"not json":         "plan",
		"a state document": `{"version": 4, "serial": 1, "lineage": "x"}`,
		"another format":   `{"format": "trueup-plan/99"}`,
	} {
		if _, err := Decode([]byte(input)); err == nil || !strings.Contains(err.Error(), "plan") {
			t.Errorf("%s: Decode error = %v, want one saying it is not a trueup plan", name, err)
		}
	}
}

// TestPlanFileWritesEachTypeOnce saves a plan whose changes cycle through
// more object types than the encoder keeps at hand (recentTypes), some
// equal to others built apart: each distinct type is written once, and
// every value comes back with its own type.
func TestPlanFileWritesEachTypeOnce(t *testing.T) {
	objType := func(i int) cty.Type {
		attrs := map[string]cty.Type{"id": cty.String}
		for j := range i {
			attrs[fmt.Sprintf("a%d", j)] = cty.Number
		}
		return cty.Object(attrs)
	}
	objVal := func(i, n int) cty.Value {
		attrs := map[string]cty.Value{"id": cty.StringVal(fmt.Sprint(n))}
		for j := range i {
			attrs[fmt.Sprintf("a%d", j)] = cty.NumberIntVal(int64(n * j))
		}
		return cty.ObjectVal(attrs)
	}
	const kinds = recentTypes + 3
	p := &Plan{Mode: NormalMode, Variables: map[string]cty.Value{}}
	for n := range 300 {
		i := n % kinds
		p.Changes = append(p.Changes, &ResourceChange{
			Addr: instance("null_resource", "r", addrs.IntKey(n)), ProviderKey: "null", Action: Create,
			Before: cty.NullVal(objType(i)), After: objVal(i, n),
		})
	}
	b, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	var doc fileDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Types) != kinds {
		t.Errorf("the file holds %d types, want %d: one per distinct type", len(doc.Types), kinds)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for n, rc := range got.Changes {
		want := p.Changes[n]
		if !rc.Before.RawEquals(want.Before) || !rc.After.RawEquals(want.After) {
			t.Fatalf("change %d = %#v -> %#v, want %#v -> %#v", n, rc.Before, rc.After, want.Before, want.After)
		}
	}
}

func TestDecodeRefusesAnUnknownTypeNumber(t *testing.T) {
	b, err := Encode(samplePlan())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	doc["types"] = doc["types"].([]any)[:1]
	b, _ = json.Marshal(doc)
	if _, err := Decode(b); err == nil || !strings.Contains(err.Error(), "types") {
		t.Errorf("Decode of a value whose type is not in the table: %v, want an error saying so", err)
	}
}
