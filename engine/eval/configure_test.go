package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
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

// A provider that cannot be configured is reported at the block that
// needs it (file:line:column): its provider block, else the first
// resource that uses it; a key only the state names has no range, as in
// Terraform.
func TestConfigureDiagnosticsPointAtTheBlockThatNeedsTheProvider(t *testing.T) {
	cfg := loadModule(t, map[string]string{"main.tf": `provider "test" {}

provider "acme" {}

resource "test_thing" "b" {
  provider = test.west
}

resource "test_thing" "a" {
    provider = test.west
}

  resource "other_thing" "x" {}
`})
	provs := NewProviders(testprovider.NewStore().Registry())
	defer provs.Close()
	diags := ConfigureProviders(context.Background(), NewEvaluator(cfg, nil, true), provs, []string{"test.west", "acme", "other", "gone.x"})
	var got []string
	for _, d := range diags {
		where := "no range"
		if d.Subject != nil {
			where = fmt.Sprintf("%s:%d:%d", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column)
		}
		got = append(got, d.Summary+" at "+where)
	}
	want := []string{
		"Unknown provider at main.tf:3:1",                   // acme: its provider block
		"Unknown provider at no range",                      // gone.x: the state's only
		"Unknown provider at main.tf:13:3",                  // other: other_thing.x
		"Provider configuration not present at main.tf:9:1", // test.west: test_thing.a, the first by address
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
