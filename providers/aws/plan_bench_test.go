package aws

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// BenchmarkPlanS3ObjectCreate is the provider's plan of a new
// aws_s3_object, made twice per object an apply creates (the plan and the
// final plan): the engine's proposal in, the planned object out.
func BenchmarkPlanS3ObjectCreate(b *testing.B) {
	p := providertest.Configure(b, New(), motoProviderConfig(map[string]cty.Value{"skip_requesting_account_id": cty.True}))
	block := resourceTypes()["aws_s3_object"].schema.Block
	config := providertest.Config(block, map[string]cty.Value{
		"bucket": cty.StringVal("bench"), "key": cty.StringVal("objects/1"), "content": cty.StringVal("v1"),
	})
	req := schema.PlanResourceRequest{TypeName: "aws_s3_object", PriorState: block.Null(),
		ProposedNewState: schema.ProposedNew(block, block.Null(), config), Config: config}
	b.ReportAllocs()
	for b.Loop() {
		if resp := p.PlanResource(bg, req); resp.Diagnostics.HasErrors() {
			b.Fatal(resp.Diagnostics.Err())
		}
	}
}
