package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

func TestExpand(t *testing.T) {
	for _, tc := range []struct {
		name  string
		meta  string // the count or for_each line
		vars  map[string]cty.Value
		keys  string // the instance keys, or the error summary
		each  EachMode
		known bool
	}{
		{"no count or for_each is one instance", "", nil, "[<nil>]", NoEach, true},
		{"count makes numbered instances", "count = 3", nil, "[0 1 2]", CountEach, true},
		{"count zero makes none", "count = 0", nil, "[]", CountEach, true},
		{"a negative count is refused", "count = -1", nil, "Invalid count argument", CountEach, false},
		{"a fractional count is refused", "count = 1.5", nil, "Invalid count argument", CountEach, false},
		{"a null count is refused", "count = null", nil, "Invalid count argument", CountEach, false},
		{"a sensitive count is refused", "count = var.n", map[string]cty.Value{"n": cty.NumberIntVal(1)}, "Invalid count argument", CountEach, false},
		{"an unknown count is not known yet", "count = var.u", map[string]cty.Value{"u": cty.UnknownVal(cty.Number)}, "[]", CountEach, false},
		{"a set's keys are sorted", `for_each = toset(["b", "a"])`, nil, `["a" "b"]`, ForEachEach, true},
		{"a map's keys are sorted", `for_each = { y = 1, x = 2 }`, nil, `["x" "y"]`, ForEachEach, true},
		{"a list is refused", `for_each = ["a"]`, nil, "Invalid for_each argument", ForEachEach, false},
		{"a set of numbers is refused", `for_each = toset([1])`, nil, "Invalid for_each argument", ForEachEach, false},
		{"a null for_each is refused", `for_each = null`, nil, "Invalid for_each argument", ForEachEach, false},
		{"a map with unknown values is known", `for_each = { a = var.u }`, map[string]cty.Value{"u": cty.UnknownVal(cty.Number)}, `["a"]`, ForEachEach, true},
		{"a set with an unknown element is not known yet", `for_each = toset([var.s])`, map[string]cty.Value{"s": cty.UnknownVal(cty.String)}, "[]", ForEachEach, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "variable \"n\" {\n  sensitive = true\n}\nvariable \"u\" {}\nvariable \"s\" {}\n" +
				"resource \"test_thing\" \"r\" {\n  " + tc.meta + "\n}\n"
			cfg := loadModule(t, map[string]string{"main.tf": src})
			ev := NewEvaluator(cfg, MarkVariables(cfg.Module, tc.vars), true)
			res := cfg.Module.ManagedResources["test_thing.r"]
			exp, diags := ev.Expand(addrs.RootModuleInstance, res)
			got := fmt.Sprint(exp.Keys)
			if strings.HasPrefix(got, "[") && len(exp.Keys) > 0 {
				var parts []string
				for _, k := range exp.Keys {
					parts = append(parts, keyString(k))
				}
				got = "[" + strings.Join(parts, " ") + "]"
			}
			if diags.HasErrors() {
				got = diags[0].Summary
				if diags[0].Subject == nil || diags[0].Subject.Start.Line != 7 {
					t.Errorf("the error points at %v, want line 7", diags[0].Subject)
				}
			}
			if got != tc.keys || exp.Each != tc.each || exp.Known != tc.known {
				t.Errorf("keys %s each %v known %v, want %s %v %v", got, exp.Each, exp.Known, tc.keys, tc.each, tc.known)
			}
		})
	}
}

func keyString(k addrs.InstanceKey) string {
	switch k := k.(type) {
	case addrs.IntKey:
		return fmt.Sprint(int(k))
	case addrs.StringKey:
		return fmt.Sprintf("%q", string(k))
	}
	return "<nil>"
}
