package eval

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/internal/testprovider"
)

// ConfigureProvidersAfter reports the keys configured ahead as they were
// (without configuring them again) and configures the others, every
// key's diagnostics in the sorted order of the keys, as
// ConfigureProviders does.
func TestConfigureProvidersAfterKeepsTheKeysOrder(t *testing.T) {
	cfg := loadModule(t, map[string]string{"main.tf": `provider "test" {}`})
	provs := NewProviders(testprovider.NewStore().Registry())
	defer provs.Close()
	ev := NewEvaluator(cfg, nil, true)
	done := Configured{"test": {{Severity: hcl.DiagWarning, Summary: "Configured ahead"}}}
	diags := ConfigureProvidersAfter(context.Background(), ev, provs, []string{"test.west", "test", "acme"}, done)
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary)
	}
	want := []string{"Unknown provider", "Configured ahead", "Provider configuration not present"}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
	if provs.Get("test") != nil {
		t.Error("the provider configured ahead was configured again")
	}
}

// ConfigureEach configures every key and keeps each one's diagnostics.
func TestConfigureEachKeepsEachKeysDiagnostics(t *testing.T) {
	cfg := loadModule(t, map[string]string{"main.tf": `provider "test" {}`})
	provs := NewProviders(testprovider.NewStore().Registry())
	defer provs.Close()
	done := ConfigureEach(context.Background(), NewEvaluator(cfg, nil, true), provs, []string{"test", "acme"})
	if len(done) != 2 || done["test"].HasErrors() || !done["acme"].HasErrors() {
		t.Errorf("configured %v, want test without errors and acme unknown", done)
	}
	if provs.Get("test") == nil {
		t.Error("test was not configured")
	}
}
