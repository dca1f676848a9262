package providertest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
)

// flawEnv names the flaw TestMemProvider gives its provider when this test
// binary runs itself as a child process.
const flawEnv = "PROVIDERTEST_FLAW"

// TestMemProvider runs the suite against the mem provider: a correct one
// (which must pass), or, in a child process, a flawed one.
func TestMemProvider(t *testing.T) {
	store := &memStore{values: map[string]string{}}
	p := providertest.Configure(t, newMemProvider(store, os.Getenv(flawEnv)), nil)
	cfg := func(value, note string) cty.Value {
		vals := map[string]cty.Value{"value": cty.StringVal(value)}
		if note != "" {
			vals["note"] = cty.StringVal(note)
		}
		return providertest.ResourceConfig(t, p, "mem_thing", vals)
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "mem_thing",
		Type: "mem_thing",
		Steps: []providertest.Step{
			{Config: cfg("a", "")},
			{Config: cfg("a", "in place")},
			{Config: cfg("b", "in place"), Replace: true},
		},
		Mutate: func(t *testing.T, state cty.Value) {
			store.put(kit.String(state, "id"), "tampered")
		},
		ImportID:     func(state cty.Value) string { return kit.String(state, "id") },
		ImportIgnore: []string{"note"},
	}})
}

func TestHarnessCatchesFlaws(t *testing.T) {
	if os.Getenv(flawEnv) != "" {
		return // a child process runs TestMemProvider only
	}
	tests := []struct {
		flaw string
		want string
	}{
		{flaw: "plan-forgets-prior", want: "plan after apply is not a no-op"},
		{flaw: "apply-ignores-plan", want: "differ from the plan"},
		{flaw: "blind-read", want: "drift not detected"},
		{flaw: "unstable-read", want: "ReadResource after apply returned"},
		{flaw: "delete-keeps", want: "ReadResource after delete returned"},
		{flaw: "in-place-for-forcenew", want: "plan is an update in place"},
		{flaw: "import-wrong", want: "ReadResource of the object imported by \"3\" returned null"},
	}
	for _, tt := range tests {
		t.Run(tt.flaw+" fails the suite", func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestMemProvider$", "-test.count=1")
			cmd.Env = append(os.Environ(), flawEnv+"="+tt.flaw)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a provider with flaw %s:\n%s", tt.flaw, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Fatalf("the suite failed without saying %q:\n%s", tt.want, out)
			}
		})
	}
}
