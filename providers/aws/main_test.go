package aws

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/aws/internal/awstest"
	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// moto is the package's emulator, started once by TestMain.
var moto *awstest.Server

func TestMain(m *testing.M) { awstest.Main(m, &moto) }

// motoProviderConfig is a provider block pointing every service at moto.
func motoProviderConfig(extra map[string]cty.Value) map[string]cty.Value {
	eps := map[string]cty.Value{}
	for _, s := range endpointServices {
		eps[s] = cty.StringVal(moto.URL)
	}
	vals := map[string]cty.Value{
		"region":            cty.StringVal(awstest.Region),
		"access_key":        cty.StringVal(awstest.AccessKey),
		"secret_key":        cty.StringVal(awstest.SecretKey),
		"s3_use_path_style": cty.True,
		"max_retries":       cty.NumberIntVal(2),
		"endpoints":         cty.ListVal([]cty.Value{cty.ObjectVal(eps)}),
	}
	for k, v := range extra {
		vals[k] = v
	}
	return vals
}

// newMotoProvider resets moto and returns a provider configured against it.
func newMotoProvider(t *testing.T, extra map[string]cty.Value) schema.Provider {
	t.Helper()
	moto.Fresh(t)
	return providertest.Configure(t, New(), motoProviderConfig(extra))
}

// resourceBlock is the schema block of a resource type.
func resourceBlock(t *testing.T, typ string) *schema.Block {
	t.Helper()
	r, ok := resourceTypes()[typ]
	if !ok {
		t.Fatalf("no resource type %s", typ)
	}
	return r.schema.Block
}

// cfg builds a resource configuration of typ from vals.
func cfg(t *testing.T, typ string, vals map[string]cty.Value) cty.Value {
	t.Helper()
	return providertest.Config(resourceBlock(t, typ), vals)
}

// sdkConfig is the configuration of SDK clients independent of the
// provider's, for checking and changing objects out of band.
func sdkConfig() aws.Config { return moto.Config() }

func str(v cty.Value, name string) string { return kit.Obj(v).Str(name) }

var bg = context.Background()

func tagsVal(kv ...string) cty.Value {
	m := map[string]cty.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = cty.StringVal(kv[i+1])
	}
	return cty.MapVal(m)
}

// nested is a one-element block value for the nested block name of b,
// built from vals like cfg (missing attributes null).
func nested(b *schema.Block, name string, vals map[string]cty.Value) cty.Value {
	nb := b.BlockTypes[name]
	v := providertest.Config(&nb.Block, vals)
	switch nb.Nesting {
	case schema.NestingSet:
		return cty.SetVal([]cty.Value{v})
	case schema.NestingSingle:
		return v
	}
	return cty.ListVal([]cty.Value{v})
}
