package timeprovider

import (
	"context"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func TestRotatingIsGoneOnceRotationPasses(t *testing.T) {
	p := New()
	ctx := context.Background()
	block := p.GetSchema(ctx).Schema.Resources["time_rotating"].Block
	cfg := providertest.Config(block, map[string]cty.Value{"rotation_hours": cty.NumberIntVal(1)})
	tests := []struct {
		name     string
		rotation time.Time
		wantGone bool
	}{
		{name: "rotation time passed reads as gone", rotation: time.Now().Add(-time.Minute), wantGone: true},
		{name: "rotation time ahead reads unchanged", rotation: time.Now().Add(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tt.rotation.Add(-time.Hour).UTC().Truncate(time.Second)
			state := kit.SetAll(schema.ProposedNew(block, block.Null(), cfg), timeValues(base))
			state = kit.SetAll(state, map[string]cty.Value{
				"rfc3339": cty.StringVal(base.Format(time.RFC3339)), "id": cty.StringVal(base.Format(time.RFC3339)),
				"rotation_rfc3339": cty.StringVal(tt.rotation.UTC().Format(time.RFC3339)),
			})
			resp := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "time_rotating", PriorState: state})
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if gone := resp.NewState.IsNull(); gone != tt.wantGone {
				t.Fatalf("read gone = %v, want %v", gone, tt.wantGone)
			}
			if !tt.wantGone && !resp.NewState.RawEquals(state) {
				t.Error("read changed a rotation that has not passed")
			}
		})
	}
}

func TestValidate(t *testing.T) {
	p := New()
	tests := []struct {
		name     string
		typ      string
		vals     map[string]cty.Value
		wantPath string // "" means valid
	}{
		{name: "rotating without any period is an error", typ: "time_rotating",
			vals: map[string]cty.Value{}, wantPath: "rotation_years"},
		{name: "rotating by zero days is an error at rotation_days", typ: "time_rotating",
			vals: map[string]cty.Value{"rotation_days": cty.NumberIntVal(0)}, wantPath: "rotation_days"},
		{name: "rotating with a bad base is an error at rfc3339", typ: "time_rotating",
			vals: map[string]cty.Value{"rotation_days": cty.NumberIntVal(1), "rfc3339": cty.StringVal("yesterday")}, wantPath: "rfc3339"},
		{name: "rotating with an unknown period is valid", typ: "time_rotating",
			vals: map[string]cty.Value{"rotation_days": cty.UnknownVal(cty.Number)}},
		{name: "offset without any offset is an error", typ: "time_offset",
			vals: map[string]cty.Value{}, wantPath: "offset_years"},
		{name: "negative offset is valid", typ: "time_offset",
			vals: map[string]cty.Value{"offset_days": cty.NumberIntVal(-3)}},
		{name: "fractional offset is an error at it", typ: "time_offset",
			vals: map[string]cty.Value{"offset_hours": cty.NumberFloatVal(1.5)}, wantPath: "offset_hours"},
		{name: "static with a bad timestamp is an error at rfc3339", typ: "time_static",
			vals: map[string]cty.Value{"rfc3339": cty.StringVal("2024-13-01T00:00:00Z")}, wantPath: "rfc3339"},
		{name: "sleep with a bad duration is an error at it", typ: "time_sleep",
			vals: map[string]cty.Value{"destroy_duration": cty.StringVal("5 minutes")}, wantPath: "destroy_duration"},
		{name: "sleep with a negative duration is an error at it", typ: "time_sleep",
			vals: map[string]cty.Value{"create_duration": cty.StringVal("-1s")}, wantPath: "create_duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := providertest.ResourceConfig(t, p, tt.typ, tt.vals)
			diags := p.ValidateResource(context.Background(), schema.ValidateResourceRequest{TypeName: tt.typ, Config: cfg}).Diagnostics
			if tt.wantPath == "" {
				if diags.HasErrors() {
					t.Fatalf("unexpected errors: %v", diags.Err())
				}
				return
			}
			if len(diags) != 1 || !diags[0].Attribute.Equals(cty.GetAttrPath(tt.wantPath)) {
				t.Fatalf("got %v, want one error at %s", diags, tt.wantPath)
			}
		})
	}
}
