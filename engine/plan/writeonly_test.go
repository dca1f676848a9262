package plan_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/internal/enginetest"
	"github.com/trueup/trueup/schema"
)

// writeOnlyProvider is the test provider with test_thing's secret
// declared write-only (Terraform 1.11). It records the secret each apply
// was configured with; unless leaks is set it returns the attribute null
// from every call, as a provider must.
type writeOnlyProvider struct {
	schema.Provider
	leaks bool
	mu    *sync.Mutex
	got   *[]string
}

func (p writeOnlyProvider) GetSchema(ctx context.Context) schema.GetSchemaResponse {
	resp := p.Provider.GetSchema(ctx)
	thing := *resp.Schema.Resources["test_thing"]
	block := *thing.Block
	block.Attributes = map[string]*schema.Attribute{}
	for name, a := range thing.Block.Attributes {
		block.Attributes[name] = a
	}
	secret := *block.Attributes["secret"]
	secret.WriteOnly = true
	block.Attributes["secret"] = &secret
	thing.Block = &block
	resources := map[string]*schema.Resource{}
	for name, r := range resp.Schema.Resources {
		resources[name] = r
	}
	resources["test_thing"] = &thing
	resp.Schema.Resources = resources
	return resp
}

func (p writeOnlyProvider) null(v cty.Value) cty.Value {
	if p.leaks || v == cty.NilVal || v.IsNull() {
		return v
	}
	m := v.AsValueMap()
	m["secret"] = cty.NullVal(cty.String)
	return cty.ObjectVal(m)
}

func (p writeOnlyProvider) PlanResource(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	resp := p.Provider.PlanResource(ctx, req)
	resp.PlannedState = p.null(resp.PlannedState)
	return resp
}

func (p writeOnlyProvider) ApplyResource(ctx context.Context, req schema.ApplyResourceRequest) schema.ApplyResourceResponse {
	if !req.Config.IsNull() {
		if s := req.Config.GetAttr("secret"); !s.IsNull() {
			p.mu.Lock()
			*p.got = append(*p.got, s.AsString())
			p.mu.Unlock()
		}
	}
	resp := p.Provider.ApplyResource(ctx, req)
	resp.NewState = p.null(resp.NewState)
	return resp
}

func (p writeOnlyProvider) ReadResource(ctx context.Context, req schema.ReadResourceRequest) schema.ReadResourceResponse {
	resp := p.Provider.ReadResource(ctx, req)
	resp.NewState = p.null(resp.NewState)
	return resp
}

// writeOnlyStack returns providers whose test_thing.secret is write-only,
// and the secrets their applies were given.
func writeOnlyProviders(s *enginetest.Stack, leaks bool) (*eval.Providers, *[]string) {
	got, mu := &[]string{}, &sync.Mutex{}
	reg := schema.Registry{}
	for name, f := range s.Store.Registry() {
		reg[name] = func() schema.Provider { return writeOnlyProvider{Provider: f(), leaks: leaks, mu: mu, got: got} }
	}
	return eval.NewProviders(reg), got
}

// withWriteOnly plans with provs and the ephemeral variable set.
func withWriteOnly(provs *eval.Providers) func(*plan.Options) {
	return func(o *plan.Options) {
		o.Providers = provs
		o.Vars = map[string]cty.Value{"pw": cty.StringVal("hunter2")}
	}
}

const writeOnlyStack = `
variable "pw" {
  type      = string
  ephemeral = true
}
resource "test_thing" "a" {
  name   = "a"
  secret = var.pw
  settings {
    mode = "m"
  }
}
`

// TestWriteOnlyAttributeTakesAnEphemeralValue: an ephemeral value may go
// to a write-only attribute. The provider gets it at apply, from the
// configuration evaluated again; the plan and the state hold a null that
// is not ephemeral (it may be referred to and stored), and the value is
// nowhere in the state.
func TestWriteOnlyAttributeTakesAnEphemeralValue(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": writeOnlyStack})
	provs, got := writeOnlyProviders(s, false)
	defer provs.Close()
	p := s.MustPlan(withWriteOnly(provs))
	rc := enginetest.Change(p, "test_thing.a")
	secret := rc.After.GetAttr("secret")
	if !secret.IsNull() || lang.MarkedWith(secret, lang.Ephemeral) {
		t.Errorf("planned secret %#v, want a null that is not ephemeral", secret)
	}
	if _, diags := s.Apply(p, func(o *apply.Options) { o.Providers = provs }); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(*got) != 1 || (*got)[0] != "hunter2" {
		t.Errorf("the apply was configured with secrets %q, want [hunter2]", *got)
	}
	if attrs := string(enginetest.Instance(s.State(), "test_thing.a").Attributes); strings.Contains(attrs, "hunter2") || !strings.Contains(attrs, `"secret": null`) {
		t.Errorf("state attributes %s, want secret null and the value nowhere", attrs)
	}
}

// TestEphemeralValueStaysOutOfOtherAttributes: beside a write-only
// attribute, an attribute that is not write-only still refuses an
// ephemeral value, in a nested block too.
func TestEphemeralValueStaysOutOfOtherAttributes(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": strings.Replace(writeOnlyStack, `mode = "m"`, `mode = var.pw`, 1)})
	provs, _ := writeOnlyProviders(s, false)
	defer provs.Close()
	_, diags := s.Plan(withWriteOnly(provs))
	if !diags.HasErrors() || !strings.Contains(diags.Error(), `Ephemeral values are not valid for "settings", because it is not a write-only attribute`) {
		t.Errorf("plan diagnostics %v, want settings refused", diags)
	}
	if strings.Contains(diags.Error(), `"secret"`) {
		t.Errorf("the write-only secret was refused: %v", diags)
	}
}

// TestProviderReturningAWriteOnlyValueIsRefused: a provider that plans a
// value for a write-only attribute is broken, and the plan says so in
// Terraform's words rather than store the value.
func TestProviderReturningAWriteOnlyValueIsRefused(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": writeOnlyStack})
	provs, _ := writeOnlyProviders(s, true)
	defer provs.Close()
	_, diags := s.Plan(withWriteOnly(provs))
	want := `Provider "provider[\"registry.terraform.io/hashicorp/test\"]" returned a value for the write-only attribute "test_thing.a.secret" during planning.`
	if !diags.HasErrors() || diags[0].Summary != "Provider produced invalid plan" || !strings.Contains(diags[0].Detail, want) {
		t.Fatalf("plan diagnostics %v, want %q", diags, want)
	}
	if strings.Contains(diags.Error(), "hunter2") {
		t.Errorf("the error quotes the secret: %v", diags)
	}
}
