package plugin

import (
	"fmt"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// redactBenchCalls is how many provider calls a benchmark iteration makes:
// a plan of 1,000 objects of one resource type.
const redactBenchCalls = 1000

// redactBenchBlock is a resource schema of the usual shape: a score of
// plain attributes, a sensitive password, and a nested block with a
// sensitive attribute.
func redactBenchBlock() *schema.Block {
	b := &schema.Block{Attributes: map[string]*schema.Attribute{
		"password": {Type: cty.String, Optional: true, Sensitive: true},
	}, BlockTypes: map[string]*schema.NestedBlock{
		"credentials": {Nesting: schema.NestingList, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"user":  {Type: cty.String, Optional: true},
			"token": {Type: cty.String, Optional: true, Sensitive: true},
		}}},
	}}
	for i := range 20 {
		b.Attributes[fmt.Sprintf("attr%02d", i)] = &schema.Attribute{Type: cty.String, Optional: true}
	}
	return b
}

// redactBenchValue is object i of redactBenchBlock; its secrets are its
// own when distinct, else shared by every object.
func redactBenchValue(i int, distinct bool) cty.Value {
	secret := "s3cr3t-shared"
	if distinct {
		secret = fmt.Sprintf("s3cr3t-%04d", i)
	}
	attrs := map[string]cty.Value{
		"password": cty.StringVal(secret),
		"credentials": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
			"user": cty.StringVal("ann"), "token": cty.StringVal("tok-" + secret),
		})}),
	}
	for j := range 20 {
		attrs[fmt.Sprintf("attr%02d", j)] = cty.StringVal(fmt.Sprintf("value %d of object %d", j, i))
	}
	return cty.ObjectVal(attrs)
}

// BenchmarkRedactorAdd measures what the redactor adds to 1,000 calls of a
// provider whose schema has sensitive attributes, each sending an object's
// prior state, planned state and configuration: with secrets shared by
// every object (the set stops growing after the first call) and with a
// secret of its own for each (it grows on every call).
func BenchmarkRedactorAdd(b *testing.B) {
	block := redactBenchBlock()
	for _, distinct := range []bool{false, true} {
		values := make([]cty.Value, redactBenchCalls)
		for i := range values {
			values[i] = redactBenchValue(i, distinct)
		}
		b.Run(fmt.Sprintf("distinct=%t", distinct), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := newRedactor()
				for _, v := range values {
					r.add(block, v, v, v)
				}
				if got := r.text("token tok-s3cr3t-shared"); distinct == (got == "token (sensitive value)") {
					b.Fatalf("redacted %q", got)
				}
			}
		})
	}
}
