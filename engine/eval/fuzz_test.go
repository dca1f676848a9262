package eval

import (
	"context"
	"testing"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/internal/testprovider"
)

// FuzzValidate takes arbitrary configuration past the loader: the module
// tree, reference validation, validation of every resource body against
// the test provider's schema, and the dependency graph. None of it may
// panic on any input the loader accepts; what it rejects it rejects with
// diagnostics.
func FuzzValidate(f *testing.F) {
	for _, src := range []string{
		"resource \"test_thing\" \"a\" {\n  name = \"a\"\n  rule {\n    port = 1\n  }\n}\n",
		"resource \"test_thing\" \"a\" {\n  count = 2\n  name  = \"n${count.index}\"\n}\nresource \"test_thing\" \"b\" {\n  name = test_thing.a[0].id\n}\n",
		"locals {\n  a = local.b\n  b = local.a\n}\n",
		"variable \"v\" {\n  type = map(string)\n}\nresource \"test_thing\" \"a\" {\n  for_each = var.v\n  name     = each.value\n  dynamic \"member\" {\n    for_each = var.v\n    content {\n      name = member.key\n    }\n  }\n}\noutput \"o\" {\n  value = test_thing.a\n}\n",
		"data \"test_echo\" \"e\" {\n  input = \"x\"\n}\nresource \"test_thing\" \"a\" {\n  name       = data.test_echo.e.output\n  depends_on = [data.test_echo.e]\n  lifecycle {\n    ignore_changes = [tags[\"x\"]]\n  }\n}\n",
		"module \"m\" {\n  source = \"./m\"\n}\n",
		"check \"c\" {\n  assert {\n    condition     = 1 == 1\n    error_message = \"x\"\n  }\n}\n",
		"moved {\n  from = test_thing.a\n  to   = test_thing.b\n}\nimport {\n  to = test_thing.b\n  id = \"x\"\n}\nresource \"test_thing\" \"b\" {\n  name = \"b\"\n}\n",
	} {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		mod, diags := config.LoadSources("stack", map[string][]byte{"main.tf": src})
		if diags.HasErrors() {
			return
		}
		cfg, diags := config.BuildTree(mod, config.SnapshotSource{RootDir: "stack"})
		if diags.HasErrors() {
			return
		}
		ctx := context.Background()
		provs := NewProviders(testprovider.NewStore().Registry())
		defer provs.Close()
		if diags := ValidateReferences(cfg); diags.HasErrors() {
			return
		}
		_ = ValidateConfig(ctx, cfg, provs)
		_, _ = BuildGraph(ctx, cfg, provs)
	})
}
