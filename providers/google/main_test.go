package google

import (
	"context"
	"strings"
	"testing"

	pubsubapi "cloud.google.com/go/pubsub/v2/apiv1"
	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/trueup/trueup/providers/google/internal/gcptest"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// servers are the Pub/Sub emulator and fake-gcs-server, started by TestMain.
var servers gcptest.Servers

func TestMain(m *testing.M) { gcptest.Main(m, &servers) }

var bg = context.Background()

// testProject names a project of its own for a test, so that tests sharing
// the emulator never see each other's topics.
func testProject(t *testing.T) string {
	r := strings.NewReplacer("/", "-", "_", "-", " ", "-")
	name := strings.ToLower(r.Replace(t.Name()))
	if len(name) > 24 {
		name = name[len(name)-24:]
	}
	return "p-" + strings.Trim(name, "-")
}

// emulatorConfig is a provider block pointing both services at the test
// servers through the custom endpoint settings.
func emulatorConfig(project string) map[string]cty.Value {
	return map[string]cty.Value{
		"project":                 cty.StringVal(project),
		"storage_custom_endpoint": cty.StringVal(servers.GCS.Endpoint),
		"pubsub_custom_endpoint":  cty.StringVal("http://" + servers.Pubsub.Host + "/v1/"),
	}
}

// newProvider returns a provider configured against the test servers.
func newProvider(t *testing.T, project string) schema.Provider {
	t.Helper()
	return providertest.Configure(t, New(), emulatorConfig(project))
}

// gcsClient is a storage client independent of the provider's, for
// checking and changing buckets out of band.
func gcsClient(t *testing.T) *storage.Client {
	t.Helper()
	c, err := storage.NewClient(bg, option.WithEndpoint(servers.GCS.Endpoint), option.WithoutAuthentication())
	if err != nil {
		t.Fatalf("storage client: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// pubsubClients are admin clients independent of the provider's.
func pubsubClients(t *testing.T) (*pubsubapi.TopicAdminClient, *pubsubapi.SubscriptionAdminClient) {
	t.Helper()
	opts := []option.ClientOption{option.WithEndpoint(servers.Pubsub.Host), option.WithoutAuthentication(),
		option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials()))}
	tc, err := pubsubapi.NewTopicAdminClient(bg, opts...)
	if err != nil {
		t.Fatalf("topic client: %v", err)
	}
	sc, err := pubsubapi.NewSubscriptionAdminClient(bg, opts...)
	if err != nil {
		t.Fatalf("subscription client: %v", err)
	}
	t.Cleanup(func() { _ = tc.Close(); _ = sc.Close() })
	return tc, sc
}

// cfg builds a resource configuration of typ from vals.
func cfg(t *testing.T, p schema.Provider, typ string, vals map[string]cty.Value) cty.Value {
	t.Helper()
	return providertest.ResourceConfig(t, p, typ, vals)
}

// block returns one nested block value (a one-element list) of typ's
// nested block name, built like cfg.
func block(t *testing.T, p schema.Provider, typ string, path []string, vals map[string]cty.Value) cty.Value {
	t.Helper()
	b := p.GetSchema(bg).Schema.Resources[typ].Block
	for _, name := range path {
		nb, ok := b.BlockTypes[name]
		if !ok {
			t.Fatalf("%s has no nested block %v", typ, path)
		}
		b = &nb.Block
	}
	return cty.ListVal([]cty.Value{providertest.Config(b, vals)})
}

func s(v string) cty.Value { return cty.StringVal(v) }

func labels(kv ...string) cty.Value {
	m := map[string]cty.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = cty.StringVal(kv[i+1])
	}
	return cty.MapVal(m)
}

func attr(v cty.Value, name string) string {
	a := v.GetAttr(name)
	if a.IsNull() || !a.IsKnown() {
		return ""
	}
	return a.AsString()
}

func providertestConfig(b *schema.Block, vals map[string]cty.Value) cty.Value {
	return providertest.Config(b, vals)
}

func containsStr(s, sub string) bool { return strings.Contains(s, sub) }

// blockOf is block for a top-level nested block.
func blockOf(t *testing.T, p schema.Provider, typ, name string, vals map[string]cty.Value) cty.Value {
	t.Helper()
	return block(t, p, typ, []string{name}, vals)
}
