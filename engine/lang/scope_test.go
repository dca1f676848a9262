package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/lang/funcs"
)

func mustExpr(t *testing.T, src string) hcl.Expression {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %q: %s", src, diags.Error())
	}
	return expr
}

func managed(typ, name string) addrs.Resource {
	return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: typ, Name: name}
}

func newTestData() *testData {
	return &testData{
		resources: map[addrs.Resource]cty.Value{
			managed("null_resource", "one"): cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("n1")}),
			managed("null_resource", "counted"): cty.TupleVal([]cty.Value{
				cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("c0")}),
				cty.ObjectVal(map[string]cty.Value{"id": cty.UnknownVal(cty.String)}),
			}),
			managed("aws_s3_bucket", "each"): cty.ObjectVal(map[string]cty.Value{
				"a": cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal("arn:a")}),
			}),
			{Mode: addrs.DataResourceMode, Type: "local_file", Name: "f"}: cty.ObjectVal(map[string]cty.Value{"content": cty.StringVal("hello")}),
		},
		vars: map[string]cty.Value{
			"name":          cty.StringVal("web"),
			"pw":            cty.StringVal("hunter2").Mark(Sensitive),
			"count":         cty.NumberIntVal(2),
			"rules":         cty.MapVal(map[string]cty.Value{"logs": cty.StringVal("logs/"), "tmp": cty.StringVal("tmp/")}),
			"unknown_rules": cty.UnknownVal(cty.Map(cty.String)),
			"secret_rules":  cty.MapVal(map[string]cty.Value{"s": cty.StringVal("s/").Mark(Sensitive)}),
		},
		locals:   map[string]cty.Value{"prefix": cty.StringVal("p")},
		countIdx: cty.NumberIntVal(1),
		each:     map[string]cty.Value{"key": cty.StringVal("a"), "value": cty.StringVal("A")},
	}
}

func TestEvalExpr(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    cty.Type
		wantVal cty.Value
		wantErr string
	}{
		{"whole resource object attribute", `null_resource.one.id`, cty.String, cty.StringVal("n1"), ""},
		{"counted resource indexes the tuple", `null_resource.counted[0].id`, cty.String, cty.StringVal("c0"), ""},
		{"splat over a counted resource", `null_resource.counted[*].id`, cty.DynamicPseudoType,
			cty.TupleVal([]cty.Value{cty.StringVal("c0"), cty.UnknownVal(cty.String)}), ""},
		{"for_each resource indexes by key", `aws_s3_bucket.each["a"].arn`, cty.String, cty.StringVal("arn:a"), ""},
		{"data source", `data.local_file.f.content`, cty.String, cty.StringVal("hello"), ""},
		{"unknown attribute makes the result unknown", `"x-${null_resource.counted[1].id}"`, cty.String, cty.UnknownVal(cty.String), ""},
		{"template of variables, locals, count and each",
			`"${local.prefix}-${var.name}-${count.index}-${each.key}-${path.module}-${terraform.workspace}"`,
			cty.String, cty.StringVal("p-web-1-a-/stack-default"), ""},
		{"number converts to the wanted string", `var.count`, cty.String, cty.StringVal("2"), ""},
		{"for expression", `[for k, v in var.rules : "${k}=${v}"]`, cty.List(cty.String),
			cty.ListVal([]cty.Value{cty.StringVal("logs=logs/"), cty.StringVal("tmp=tmp/")}), ""},
		{"value that cannot convert is an error at the expression", `var.rules`, cty.Number, cty.NilVal, "Incorrect value type"},
		{"missing value reports the Data error once", `var.nope`, cty.String, cty.NilVal, "No value"},
		{"functions are available", `upper(var.name)`, cty.String, cty.StringVal("WEB"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Scope{Data: newTestData(), BaseDir: "/stack"}
			got, diags := s.EvalExpr(mustExpr(t, tt.src), tt.want)
			if tt.wantErr != "" {
				if !diags.HasErrors() || diags[0].Summary != tt.wantErr || len(diags) != 1 {
					t.Fatalf("want one error %q, got %v", tt.wantErr, diags)
				}
				if diags[0].Subject == nil || diags[0].Subject.Filename != "test.tf" {
					t.Errorf("error has no location: %v", diags[0].Subject)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatalf("unexpected errors: %s", diags.Error())
			}
			if !tt.wantVal.IsKnown() {
				// Unknown results may carry refinements (prefix, not null).
				if got.IsKnown() || !got.Type().Equals(tt.wantVal.Type()) {
					t.Errorf("got %#v, want an unknown %s", got, tt.wantVal.Type().FriendlyName())
				}
				return
			}
			if !got.RawEquals(tt.wantVal) {
				t.Errorf("got %#v, want %#v", got, tt.wantVal)
			}
		})
	}
}

func TestSensitiveMarkPropagates(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"template including a sensitive variable", `"user:${var.pw}"`},
		{"function of a sensitive variable", `upper(var.pw)`},
		{"object holding a sensitive variable, read back", `{ a = var.pw }.a`},
		{"sensitive() of a plain value", `sensitive(var.name)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Scope{Data: newTestData()}
			got, diags := s.EvalExpr(mustExpr(t, tt.src), cty.String)
			if diags.HasErrors() {
				t.Fatalf("unexpected errors: %s", diags.Error())
			}
			if !got.HasMark(Sensitive) {
				t.Errorf("result %#v lost the sensitive mark", got)
			}
		})
	}
}

func TestSensitiveIsTheFunctionLibrarysMark(t *testing.T) {
	if Sensitive != funcs.SensitiveMark {
		t.Fatalf("lang.Sensitive = %q, funcs.SensitiveMark = %q: the engine must use one mark", Sensitive, funcs.SensitiveMark)
	}
}

func TestPureOnlyMakesUUIDUnknown(t *testing.T) {
	tests := []struct {
		name      string
		pureOnly  bool
		wantKnown bool
	}{
		{"during plan uuid() is unknown", true, false},
		{"during apply uuid() is known", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Scope{Data: newTestData(), PureOnly: tt.pureOnly}
			got, diags := s.EvalExpr(mustExpr(t, `uuid()`), cty.String)
			if diags.HasErrors() {
				t.Fatalf("unexpected errors: %s", diags.Error())
			}
			if got.IsKnown() != tt.wantKnown {
				t.Errorf("uuid() = %#v, want known=%v", got, tt.wantKnown)
			}
		})
	}
}

func TestFunctionTableIsBuiltOncePerScope(t *testing.T) {
	s := &Scope{Data: newTestData()}
	a, b := s.Functions(), s.Functions()
	a["zz_probe"] = a["upper"]
	if _, ok := b["zz_probe"]; !ok {
		t.Fatal("Functions() built a new table on the second call")
	}
	own := (&Scope{FunctionTable: a}).Functions()
	if _, ok := own["zz_probe"]; !ok {
		t.Fatal("FunctionTable was not used")
	}
}

func TestEvalContextHoldsOnlyReferencedSubjects(t *testing.T) {
	d := newTestData()
	for i := 0; i < 1000; i++ {
		d.resources[managed("null_resource", fmt.Sprintf("r%d", i))] = cty.EmptyObjectVal
	}
	refs, diags := ReferencesInExpr(mustExpr(t, `[null_resource.one.id, null_resource.one.id, data.local_file.f.content, var.name]`))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	evalCtx, diags := (&Scope{Data: d}).EvalContext(refs)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(d.asked) != 2 {
		t.Errorf("Data was asked for %v, want null_resource.one and data.local_file.f once each", d.asked)
	}
	if got := len(evalCtx.Variables); got != 3 {
		t.Errorf("context has %d top-level names, want 3 (null_resource, data, var): %v", got, keys(evalCtx.Variables))
	}
	if n := len(evalCtx.Variables["null_resource"].Type().AttributeTypes()); n != 1 {
		t.Errorf("context holds %d null_resource values, want only the referenced one", n)
	}
	if !evalCtx.Variables["data"].GetAttr("local_file").GetAttr("f").GetAttr("content").RawEquals(cty.StringVal("hello")) {
		t.Errorf("data.local_file.f missing from the context")
	}
	if n := len(evalCtx.Variables["var"].Type().AttributeTypes()); n != 1 {
		t.Errorf("context holds %d variables, want 1", n)
	}
}

func keys(m map[string]cty.Value) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// hcl's diagnostic printer shows the values an erroring expression refers
// to; a sensitive value nested in an object must not be among them.
func TestDiagnosticsDoNotCarrySensitiveValues(t *testing.T) {
	d := newTestData()
	d.vars["obj"] = cty.ObjectVal(map[string]cty.Value{"pw": cty.StringVal("hunter2").Mark(Sensitive), "n": cty.StringVal("x")})
	_, diags := (&Scope{Data: d}).EvalExpr(mustExpr(t, `upper(var.obj.n, var.obj)`), cty.String)
	if !diags.HasErrors() {
		t.Fatal("want an error")
	}
	for _, diag := range diags {
		if diag.EvalContext != nil {
			t.Errorf("diagnostic %q keeps an evaluation context holding a sensitive value", diag.Summary)
		}
	}
	var buf strings.Builder
	if err := hcl.NewDiagnosticTextWriter(&buf, nil, 0, false).WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "hunter2") {
		t.Errorf("rendered diagnostics reveal the secret:\n%s", buf.String())
	}
}

func TestScopeIsSafeForConcurrentUse(t *testing.T) {
	s := &Scope{Data: newTestData()}
	expr := mustExpr(t, `upper(var.name)`)
	done := make(chan hcl.Diagnostics)
	for i := 0; i < 8; i++ {
		go func() {
			_, diags := s.EvalExpr(expr, cty.String)
			done <- diags
		}()
	}
	for i := 0; i < 8; i++ {
		if diags := <-done; diags.HasErrors() {
			t.Error(diags.Error())
		}
	}
}
