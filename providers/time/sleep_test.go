package timeprovider

import (
	"context"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// promptly bounds how long a cancelled sleep may take to return. It is a
// liveness bound far above any scheduling delay, not a timing assertion:
// the sleeps under test last an hour.
const promptly = 30 * time.Second

func sleepState(t *testing.T, p schema.Provider, vals map[string]cty.Value) (cfg, planned cty.Value) {
	t.Helper()
	ctx := context.Background()
	block := p.GetSchema(ctx).Schema.Resources["time_sleep"].Block
	cfg = providertest.Config(block, vals)
	resp := p.PlanResource(ctx, schema.PlanResourceRequest{TypeName: "time_sleep", PriorState: block.Null(),
		ProposedNewState: schema.ProposedNew(block, block.Null(), cfg), Config: cfg})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	return cfg, resp.PlannedState
}

func TestSleepCancellation(t *testing.T) {
	p := New()
	block := p.GetSchema(context.Background()).Schema.Resources["time_sleep"].Block
	cfg, planned := sleepState(t, p, map[string]cty.Value{
		"create_duration": cty.StringVal("1h"), "destroy_duration": cty.StringVal("1h")})
	state := cty.ObjectVal(map[string]cty.Value{
		"create_duration": cty.StringVal("1h"), "destroy_duration": cty.StringVal("1h"),
		"triggers": cty.NullVal(cty.Map(cty.String)), "id": cty.StringVal("2024-01-01T00:00:00Z"),
	})
	tests := []struct {
		name      string
		prior     cty.Value
		planned   cty.Value
		wantState cty.Value
	}{
		{name: "cancelled create returns an error and no object", prior: block.Null(), planned: planned, wantState: block.Null()},
		{name: "cancelled destroy returns an error and keeps the object", prior: state, planned: block.Null(), wantState: state},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan schema.ApplyResourceResponse, 1)
			go func() {
				done <- p.ApplyResource(ctx, schema.ApplyResourceRequest{TypeName: "time_sleep",
					PriorState: tt.prior, PlannedState: tt.planned, Config: cfg})
			}()
			cancel()
			select {
			case resp := <-done:
				if !resp.Diagnostics.HasErrors() || resp.Diagnostics[0].Summary != "Sleep interrupted" {
					t.Fatalf("diagnostics %v, want Sleep interrupted", resp.Diagnostics)
				}
				if !resp.NewState.RawEquals(tt.wantState) {
					t.Errorf("NewState = %#v, want %#v", resp.NewState, tt.wantState)
				}
			case <-time.After(promptly):
				t.Fatal("ApplyResource kept sleeping after its context was cancelled")
			}
		})
	}
}

func TestSleepWaitsCreateDuration(t *testing.T) {
	p := New()
	block := p.GetSchema(context.Background()).Schema.Resources["time_sleep"].Block
	cfg, planned := sleepState(t, p, map[string]cty.Value{"create_duration": cty.StringVal("50ms")})
	start := time.Now()
	resp := p.ApplyResource(context.Background(), schema.ApplyResourceRequest{TypeName: "time_sleep",
		PriorState: block.Null(), PlannedState: planned, Config: cfg})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	if elapsed := time.Since(start); elapsed < 50*time.Millisecond {
		t.Errorf("create returned after %s, before its 50ms create_duration", elapsed)
	}
}
