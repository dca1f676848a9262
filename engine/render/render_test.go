package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/zclconf/go-cty/cty"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func res(typ, name string, key addrs.InstanceKey) addrs.ResourceInstance {
	return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: typ, Name: name}.Instance(key)
}

// samplePlan holds one change of every kind, sensitive and unknown values,
// drift and output changes.
func samplePlan() *plans.Plan {
	secret := cty.StringVal("hunter2-do-not-print").Mark(sensitiveMark)
	fileType := cty.Object(map[string]cty.Type{"filename": cty.String, "content": cty.String, "id": cty.String})
	return &plans.Plan{
		Mode: plans.NormalMode,
		Drift: []*plans.ResourceChange{{
			Addr: res("local_file", "notes", addrs.NoKey), Action: plans.Update, ProviderKey: "local",
			Before: cty.ObjectVal(map[string]cty.Value{"filename": cty.StringVal("notes.txt"), "content": cty.StringVal("v1"), "id": cty.StringVal("a1")}),
			After:  cty.ObjectVal(map[string]cty.Value{"filename": cty.StringVal("notes.txt"), "content": cty.StringVal("edited"), "id": cty.StringVal("b2")}),
		}},
		Changes: []*plans.ResourceChange{
			{
				Addr: res("local_file", "notes", addrs.NoKey), Action: plans.DeleteThenCreate, ProviderKey: "local",
				RequiredReplace: []cty.Path{cty.GetAttrPath("content")},
				Before:          cty.ObjectVal(map[string]cty.Value{"filename": cty.StringVal("notes.txt"), "content": cty.StringVal("edited"), "id": cty.StringVal("b2")}),
				After:           cty.ObjectVal(map[string]cty.Value{"filename": cty.StringVal("notes.txt"), "content": cty.StringVal("v1"), "id": cty.UnknownVal(cty.String)}),
			},
			{
				Addr: res("null_resource", "deploy", addrs.IntKey(0)), Action: plans.Create, ProviderKey: "null",
				Before: cty.NullVal(cty.Object(map[string]cty.Type{"id": cty.String, "triggers": cty.Map(cty.String)})),
				After: cty.ObjectVal(map[string]cty.Value{"id": cty.UnknownVal(cty.String), "triggers": cty.MapVal(map[string]cty.Value{
					"cluster": cty.UnknownVal(cty.String), "n": cty.StringVal("0"),
				})}),
			},
			{
				Addr: res("null_resource", "tagged", addrs.StringKey("a")), Action: plans.Update, ProviderKey: "null",
				Before: cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("1"), "triggers": cty.MapVal(map[string]cty.Value{"a": cty.StringVal("x"), "b": cty.StringVal("y")})}),
				After:  cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("1"), "triggers": cty.MapVal(map[string]cty.Value{"a": cty.StringVal("x"), "c": cty.StringVal("z")})}),
			},
			{
				Addr: res("random_password", "db", addrs.NoKey), Action: plans.CreateThenDelete, ProviderKey: "random",
				Reason: "replace requested with -replace",
				Before: cty.ObjectVal(map[string]cty.Value{"length": cty.NumberIntVal(20), "result": secret}),
				After:  cty.ObjectVal(map[string]cty.Value{"length": cty.NumberIntVal(20), "result": cty.UnknownVal(cty.String).Mark(sensitiveMark)}),
			},
			{
				Addr: res("local_file", "old", addrs.NoKey), Action: plans.Delete, ProviderKey: "local", Reason: "no longer in configuration",
				Before: cty.ObjectVal(map[string]cty.Value{"filename": cty.StringVal("old.txt"), "content": cty.StringVal("bye\nnow\n"), "id": cty.StringVal("c3")}),
				After:  cty.NullVal(fileType),
			},
			{
				Addr: res("null_resource", "same", addrs.NoKey), Action: plans.NoOp, ProviderKey: "null",
				Before: cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("9")}), After: cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("9")}),
			},
		},
		Outputs: []*plans.OutputChange{
			{Name: "cluster", Action: plans.Create, Before: cty.NullVal(cty.String), After: cty.UnknownVal(cty.String)},
			{Name: "password", Action: plans.Update, Before: cty.StringVal("old-secret"), After: cty.StringVal("new-secret"), Sensitive: true},
		},
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./engine/render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestHumanPlanMatchesGolden(t *testing.T) {
	var b bytes.Buffer
	Plan(&b, samplePlan(), NoColor, nil)
	checkGolden(t, "plan.txt", b.Bytes())
}

func TestJSONPlanMatchesGolden(t *testing.T) {
	var b bytes.Buffer
	if err := PlanJSON(&b, samplePlan(), "test"); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "plan.json", b.Bytes())
}

func TestSensitiveValuesNeverRendered(t *testing.T) {
	for name, render := range map[string]func(*bytes.Buffer){
		"human": func(b *bytes.Buffer) { Plan(b, samplePlan(), ANSI, nil) },
		"json":  func(b *bytes.Buffer) { _ = PlanJSON(b, samplePlan(), "test") },
	} {
		var b bytes.Buffer
		render(&b)
		for _, secret := range []string{"hunter2", "old-secret", "new-secret"} {
			if strings.Contains(b.String(), secret) {
				t.Errorf("%s render contains the sensitive value %q", name, secret)
			}
		}
	}
}

func TestNoColorRenderHasNoEscapes(t *testing.T) {
	var b bytes.Buffer
	Plan(&b, samplePlan(), NoColor, nil)
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("a no-colour render contains escape sequences")
	}
	b.Reset()
	Plan(&b, samplePlan(), ANSI, nil)
	if !strings.Contains(b.String(), "\x1b[32m+") {
		t.Error("a colour render has no green + for creates")
	}
}

func TestNoChangesSaysSo(t *testing.T) {
	var b bytes.Buffer
	Plan(&b, &plans.Plan{}, NoColor, nil)
	if !strings.Contains(b.String(), "No changes.") {
		t.Errorf("empty plan rendered as %q", b.String())
	}
}

// writeRecorder records each write it is given.
type writeRecorder struct{ writes []string }

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

// TestLargePlanWrittenInPiecesOfWholeChanges: a plan larger than
// planChunk reaches the writer in several writes, each ending after a
// change, whose text is the plan's text rendered whole, change after
// change: on one core, and on several, where segments of changes are
// rendered at once (writeChanges).
func TestLargePlanWrittenInPiecesOfWholeChanges(t *testing.T) {
	p := samplePlan()
	p.Drift = nil
	one := p.Changes[1]
	for i := range 2000 {
		rc := *one
		rc.Addr = res(one.Addr.Resource.Type, one.Addr.Resource.Name, addrs.IntKey(i+1))
		p.Changes = append(p.Changes, &rc)
	}
	var whole strings.Builder
	whole.WriteString("trueup will perform the following actions:\n\n")
	for _, rc := range actionable(p.Changes) {
		Change(&whole, rc, NoColor, nil)
		whole.WriteString("\n")
	}
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			var w writeRecorder
			Plan(&w, p, NoColor, nil)
			if len(w.writes) < 2 {
				t.Fatalf("%d write(s) of a plan of %d changes", len(w.writes), len(p.Changes))
			}
			for i, s := range w.writes[:len(w.writes)-1] {
				if !strings.HasSuffix(s, "\n\n") || len(s) < planChunk {
					t.Errorf("write %d of %d bytes does not end after a change", i, len(s))
				}
			}
			if got := strings.Join(w.writes, ""); !strings.HasPrefix(got, whole.String()) || !strings.Contains(got[whole.Len():], "Plan:") {
				t.Errorf("the pieces are not the plan's text rendered whole")
			}
		})
	}
}
