package drift

import (
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/zclconf/go-cty/cty"
)

func bucket(name string, key addrs.InstanceKey) addrs.ResourceInstance {
	return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "aws_s3_bucket", Name: name}.Instance(key)
}

func obj(tags map[string]string, secret string) cty.Value {
	tv := map[string]cty.Value{}
	for k, v := range tags {
		tv[k] = cty.StringVal(v)
	}
	tagsVal := cty.MapValEmpty(cty.String)
	if len(tv) > 0 {
		tagsVal = cty.MapVal(tv)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"bucket": cty.StringVal("logs"),
		"tags":   tagsVal,
		"secret": cty.StringVal(secret).Mark("sensitive"),
	})
}

func driftPlan() *plans.Plan {
	return &plans.Plan{Drift: []*plans.ResourceChange{
		{Addr: bucket("logs", addrs.NoKey), Action: plans.Update,
			Before: obj(map[string]string{"Team": "a", "LastScanned": "mon"}, "s1"),
			After:  obj(map[string]string{"Team": "a", "LastScanned": "tue"}, "s1")},
		{Addr: bucket("data", addrs.NoKey), Action: plans.Update,
			Before: obj(map[string]string{"Team": "a"}, "old-secret"),
			After:  obj(map[string]string{"Team": "b"}, "new-secret")},
		{Addr: bucket("gone", addrs.StringKey("x")), Action: plans.Delete,
			Before: obj(nil, "s"), After: cty.NullVal(obj(nil, "s").Type())},
	}}
}

func TestReportListsChangedAttributePaths(t *testing.T) {
	res := Report(driftPlan(), nil)
	if !res.Drifted() || len(res.Resources) != 3 {
		t.Fatalf("want 3 drifted resources, got %+v", res.Resources)
	}
	logs := res.Resources[0]
	if logs.Address != "aws_s3_bucket.logs" || len(logs.Changes) != 1 || logs.Changes[0].Path != `tags["LastScanned"]` {
		t.Errorf("logs drift = %+v, want only tags[\"LastScanned\"]", logs)
	}
	if res.Resources[2].Action != "deleted" {
		t.Errorf("a deleted object is reported as %q", res.Resources[2].Action)
	}
}

func TestSensitiveDriftIsRedacted(t *testing.T) {
	text := Report(driftPlan(), nil).Text()
	if strings.Contains(text, "old-secret") || strings.Contains(text, "new-secret") {
		t.Fatalf("drift text leaks a sensitive value:\n%s", text)
	}
	if !strings.Contains(text, "secret: (sensitive value) -> (sensitive value)") {
		t.Errorf("drift text does not name the sensitive attribute:\n%s", text)
	}
}

func TestIgnoreRulesQuietOnlyWhatTheyMatch(t *testing.T) {
	cases := []struct {
		name        string
		rules       []string
		wantDrifted []string
		wantIgnored int
	}{
		{"an attribute rule ignores that attribute only", []string{`aws_s3_bucket.logs.tags["LastScanned"]`}, []string{"aws_s3_bucket.data", `aws_s3_bucket.gone["x"]`}, 1},
		{"a wildcard rule applies to every resource", []string{`*.*.tags`}, []string{"aws_s3_bucket.data", `aws_s3_bucket.gone["x"]`}, 1},
		{"a resource rule ignores a deleted instance", []string{`aws_s3_bucket.gone`}, []string{"aws_s3_bucket.data", "aws_s3_bucket.logs"}, 1},
		{"an instance rule for another key ignores nothing", []string{`aws_s3_bucket.gone["y"]`}, []string{"aws_s3_bucket.data", `aws_s3_bucket.gone["x"]`, "aws_s3_bucket.logs"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rules []Rule
			for _, s := range tc.rules {
				r, err := ParseRule(s)
				if err != nil {
					t.Fatal(err)
				}
				rules = append(rules, r)
			}
			res := Report(driftPlan(), rules)
			var got []string
			for _, rd := range res.Resources {
				got = append(got, rd.Address)
			}
			if strings.Join(sorted(got), ",") != strings.Join(sorted(tc.wantDrifted), ",") || res.Ignored != tc.wantIgnored {
				t.Errorf("drifted %v ignored %d, want %v ignored %d", got, res.Ignored, tc.wantDrifted, tc.wantIgnored)
			}
		})
	}
}

func TestParseRuleRejectsBadRules(t *testing.T) {
	for _, s := range []string{"", "aws_s3_bucket", "aws_s3_bucket.logs.tags[", "aws_s3_bucket[0]"} {
		if _, err := ParseRule(s); err == nil {
			t.Errorf("ParseRule(%q) accepted a bad rule", s)
		}
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestRulesWithModulePrefixesMatchOnlyThoseModules(t *testing.T) {
	in := func(mod string, key addrs.InstanceKey) addrs.ResourceInstance {
		ri := bucket("logs", key)
		ri.Resource.Module = addrs.ModuleInstance(mod)
		return ri
	}
	root, eu, us, nested := in("", addrs.NoKey), in(`module.app["eu"]`, addrs.NoKey), in(`module.app["us"]`, addrs.NoKey), in(`module.app["eu"].module.db`, addrs.NoKey)
	tests := []struct {
		rule string
		want []addrs.ResourceInstance
	}{
		{`aws_s3_bucket.logs`, []addrs.ResourceInstance{root, eu, us, nested}},
		{`module.app.aws_s3_bucket.logs`, []addrs.ResourceInstance{eu, us}},
		{`module.app["eu"].aws_s3_bucket.logs`, []addrs.ResourceInstance{eu}},
		{`module.app["eu"].module.db.aws_s3_bucket.logs.tags["LastScanned"]`, []addrs.ResourceInstance{nested}},
		{`module.app.*.*`, []addrs.ResourceInstance{eu, us}},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.rule)
		if err != nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		for _, ri := range []addrs.ResourceInstance{root, eu, us, nested} {
			want := false
			for _, w := range tt.want {
				want = want || w == ri
			}
			if got := r.matches(ri); got != want {
				t.Errorf("rule %s on %s: matches = %v, want %v", tt.rule, ri, got, want)
			}
		}
	}
	for _, bad := range []string{`module.app`, `module.app["eu"]`, `module.app[0].`} {
		if _, err := ParseRule(bad); err == nil {
			t.Errorf("rule %q parsed; want an error", bad)
		}
	}
}
