package lang

import (
	"fmt"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// benchData is a stack of n resources, each a small object.
func benchData(n int) *testData {
	d := newTestData()
	for i := 0; i < n; i++ {
		d.resources[managed("null_resource", fmt.Sprintf("r%d", i))] = cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal(fmt.Sprintf("id-%d", i))})
	}
	return d
}

// BenchmarkEvalBlockInLargeStack evaluates one resource body that refers
// to two others of a 10,000-resource stack, sharing one function table as
// a planner would. Its cost must not grow with the stack's size.
func BenchmarkEvalBlockInLargeStack(b *testing.B) {
	d := benchData(10000)
	body := mustBody(b, "main.tf", `name = "${null_resource.r5.id}-${null_resource.r9999.id}-${var.name}"`)
	table := (&Scope{}).Functions()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.asked = d.asked[:0]
		s := &Scope{Data: d, FunctionTable: table}
		if _, diags := s.EvalBlock(body, bucketSchema); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}

// BenchmarkScopeWithOwnFunctionTable is the same evaluation with a fresh
// Scope (and so a fresh function table) each time.
func BenchmarkScopeWithOwnFunctionTable(b *testing.B) {
	d := benchData(100)
	body := mustBody(b, "main.tf", `name = null_resource.r5.id`)
	for i := 0; i < b.N; i++ {
		d.asked = d.asked[:0]
		if _, diags := (&Scope{Data: d}).EvalBlock(body, bucketSchema); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}
