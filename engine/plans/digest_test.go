package plans

import (
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
)

func mustDigest(t *testing.T, p *Plan) string {
	t.Helper()
	d, err := Digest(p)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDigestChangesWithWhatThePlanDoes: the digest is stable for the same
// changes (a plan read back from its file, another timestamp, serial,
// variables or a changed no-op), and differs when an action, a planned
// value, a sensitive value, a replacement path or an output differs.
func TestDigestChangesWithWhatThePlanDoes(t *testing.T) {
	base := mustDigest(t, samplePlan())
	if !strings.HasPrefix(base, DigestPrefix) || len(base) != len(DigestPrefix)+64 {
		t.Fatalf("digest %q", base)
	}
	if strings.Contains(base, "s3cret") {
		t.Fatal("the digest shows a sensitive value")
	}
	same := map[string]func(p *Plan){
		"read back from its plan file": func(p *Plan) {
			b, err := Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			q, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			*p = *q
		},
		"another timestamp, serial and variables": func(p *Plan) {
			p.Timestamp, p.PriorState.Serial = time.Now(), 99
			p.Variables = map[string]cty.Value{"env": cty.StringVal("dev")}
		},
		"a no-op whose values changed": func(p *Plan) {
			p.Changes[1].Before = cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("2"), "result": cty.NullVal(cty.String)})
			p.Changes[1].After = p.Changes[1].Before
		},
		"a sensitive value no longer marked": func(p *Plan) {
			p.Changes[0].Before, _ = p.Changes[0].Before.UnmarkDeep()
		},
		"another reason wording": func(p *Plan) { p.Changes[0].Reason = "replaced" },
	}
	for name, change := range same {
		p := samplePlan()
		change(p)
		if got := mustDigest(t, p); got != base {
			t.Errorf("%s: digest changed", name)
		}
	}
	differ := map[string]func(p *Plan){
		"another action": func(p *Plan) { p.Changes[2].Action = Forget },
		"another planned value": func(p *Plan) {
			p.Changes[0].After = cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("x"), "result": cty.UnknownVal(cty.String)})
		},
		"another sensitive value": func(p *Plan) {
			p.Changes[0].Before = cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("none"), "result": cty.StringVal("other").Mark(sensitiveMark)})
		},
		"another replacement path": func(p *Plan) { p.Changes[0].RequiredReplace = nil },
		"another output value":     func(p *Plan) { p.Outputs[1].After = cty.ListVal([]cty.Value{cty.StringVal("b")}) },
		"one change fewer":         func(p *Plan) { p.Changes = p.Changes[:1] },
		"the destroy mode":         func(p *Plan) { p.Mode = DestroyMode },
		"a no-op that now moves": func(p *Plan) {
			p.Changes[1].PrevAddr = instance("null_resource", "before", nil)
		},
	}
	for name, change := range differ {
		p := samplePlan()
		change(p)
		if got := mustDigest(t, p); got == base {
			t.Errorf("%s: digest unchanged", name)
		}
	}
}
