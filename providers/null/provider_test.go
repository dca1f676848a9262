package null

import (
	"context"
	"strconv"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func TestConformance(t *testing.T) {
	p := providertest.Configure(t, New(), nil)
	cfg := func(vals map[string]cty.Value) cty.Value {
		return providertest.ResourceConfig(t, p, "null_resource", vals)
	}
	triggers := func(v string) cty.Value { return cty.MapVal(map[string]cty.Value{"v": cty.StringVal(v)}) }
	var firstID string
	providertest.Run(t, p, []providertest.Case{
		{
			Name:      "null_resource without triggers",
			Type:      "null_resource",
			Steps:     []providertest.Step{{Config: cfg(nil), Check: wantDecimalID}},
			StateOnly: true,
		},
		{
			Name: "null_resource replaced with a new id when triggers change",
			Type: "null_resource",
			Steps: []providertest.Step{
				{Config: cfg(map[string]cty.Value{"triggers": triggers("1")}), Check: func(t *testing.T, s cty.Value) {
					wantDecimalID(t, s)
					firstID = kit.String(s, "id")
				}},
				{Config: cfg(map[string]cty.Value{"triggers": triggers("2")}), Replace: true, Check: func(t *testing.T, s cty.Value) {
					wantDecimalID(t, s)
					if kit.String(s, "id") == firstID {
						t.Errorf("replacement kept id %s", firstID)
					}
				}},
			},
			StateOnly: true,
		},
	})
}

func wantDecimalID(t *testing.T, s cty.Value) {
	t.Helper()
	if n, err := strconv.ParseInt(kit.String(s, "id"), 10, 64); err != nil || n < 0 {
		t.Errorf("id = %q, want a non-negative decimal number", kit.String(s, "id"))
	}
}

func TestImportIsRefused(t *testing.T) {
	resp := New().ImportResource(context.Background(), schema.ImportResourceRequest{TypeName: "null_resource", ID: "1"})
	if !resp.Diagnostics.HasErrors() {
		t.Fatal("null_resource import succeeded; Terraform's cannot be imported either")
	}
}
