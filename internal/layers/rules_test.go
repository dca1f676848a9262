package layers

// rule restricts what the packages matching pkgs may import of the
// module's own packages: only those matching allow (when allow is not
// nil), never those matching deny. A package may always import the
// packages beneath it (its internal helpers). ext, when not nil, lists the
// only non-standard modules it may import. Patterns are paths relative to
// the module; "x/..." matches x and every package beneath it.
type rule struct {
	pkgs  string
	allow []string
	deny  []string
	ext   []string
	// doc is where the rule is stated.
	doc string
}

var none = []string{}

// shared are the module's libraries that sit below every layer, as a
// third-party library would: any package may import them, and they import
// nothing of trueup.
var shared = []string{"internal/retry", "internal/awsretry", "internal/awsauth", "internal/gcpretry", "internal/hclblock", "internal/ctyobject", "internal/ctymarshal", "internal/workers"}

// cliImports is all that cmd/trueup may import of trueup: the façades
// (engine/run for operations, engine/state and its backends for state
// commands, engine/agent for the agent, engine/sandbox, engine/artifacts),
// the vocabulary and views it parses flags into and prints (addrs,
// config, plans, render, hook), the installers of providers and modules,
// and the providers it wires into the registry. The planning and applying
// machinery (eval, lang, plan, apply, refactor, graph, ...) is reached
// only through engine/run.
var cliImports = []string{
	"engine/run",
	"engine/state", "engine/state/s3", "engine/state/gcs", "engine/state/pg", "engine/state/httpbackend",
	"engine/agent", "engine/agent/auth", "engine/agent/config", "engine/agent/store", "engine/agent/store/pgstore",
	"engine/sandbox", "engine/artifacts/...", "engine/forge",
	"engine/drift", "engine/policy", "engine/encryption", "engine/source",
	"engine/addrs", "engine/config", "engine/vars", "engine/plans", "engine/render", "engine/hook",
	"engine/interrupt", "engine/version",
	"engine/providerinstall", "engine/getproviders", "engine/cliconfig", "engine/depsfile", "engine/providercache",
	"engine/modinstall", "engine/modsrc", "engine/getmodules",
	"schema", "providers/...",
}

// rules are the import rules, from the broad layering down to single
// packages. Keep them in step with the doc.go files they cite.
var rules = []rule{
	// cmd → engine → schema ← providers.
	{pkgs: "cmd/trueup", allow: cliImports, doc: "cmd/trueup/doc.go"},
	{pkgs: "schema/...", allow: none, ext: []string{"github.com/zclconf/go-cty/..."}, doc: "schema/doc.go"},
	{pkgs: "providers/...", deny: []string{"engine/...", "cmd/...", "internal/..."}, doc: "docs/architecture.md (providers never import the engine)"},
	{pkgs: "engine/...", deny: []string{"cmd/...", "providers/...", "internal/..."}, doc: "docs/architecture.md (the engine never imports the CLI or a concrete provider)"},
	{pkgs: "internal/testprovider", allow: []string{"schema"}, doc: "internal/testprovider/doc.go"},
	{pkgs: "internal/retry", allow: none, doc: "internal/retry/doc.go"},
	{pkgs: "internal/awsretry", allow: none, doc: "internal/awsretry/awsretry.go"},
	{pkgs: "internal/awsauth", allow: none, doc: "internal/awsauth/webidentity.go"},
	{pkgs: "internal/gcpretry", allow: none, doc: "internal/gcpretry/gcpretry.go"},
	{pkgs: "internal/hclblock", allow: none, doc: "internal/hclblock/doc.go"},
	{pkgs: "internal/ctyobject", allow: none, ext: []string{"github.com/zclconf/go-cty/..."}, doc: "internal/ctyobject/ctyobject.go"},
	{pkgs: "internal/ctymarshal", allow: []string{"internal/ctyobject"}, ext: []string{"github.com/zclconf/go-cty/..."}, doc: "internal/ctymarshal/json.go"},
	{pkgs: "internal/workers", allow: none, ext: none, doc: "internal/workers/workers.go"},
	{pkgs: "internal/benchdriver", allow: none, doc: "internal/benchdriver/doc.go"},
	{pkgs: "internal/secretscan", allow: none, ext: none, doc: "internal/secretscan/doc.go"},

	// The engine's vocabulary: leaves.
	{pkgs: "engine/addrs", allow: none, ext: []string{"github.com/hashicorp/hcl/v2/...", "github.com/zclconf/go-cty/..."}, doc: "engine/addrs/doc.go"},
	{pkgs: "engine/graph", allow: []string{"engine/interrupt"}, ext: none, doc: "engine/graph/doc.go"},
	{pkgs: "engine/interrupt", allow: none, ext: none, doc: "engine/interrupt/interrupt.go"},
	{pkgs: "engine/config", allow: []string{"engine/addrs", "schema"}, doc: "engine/config/doc.go"},
	{pkgs: "engine/lang/funcs", allow: none, doc: "engine/lang/funcs/doc.go"},
	{pkgs: "engine/lang", allow: []string{"engine/addrs", "engine/config", "engine/lang/funcs", "schema"}, doc: "engine/lang/doc.go"},
	{pkgs: "engine/vars", allow: []string{"engine/config", "schema"}, doc: "engine/vars/doc.go"},
	{pkgs: "engine/plans", allow: []string{"engine/addrs", "engine/state"}, doc: "engine/plans/doc.go"},
	{pkgs: "engine/hook", allow: []string{"engine/plans"}, doc: "engine/hook/hook.go"},
	{pkgs: "engine/state", allow: []string{"engine/addrs", "engine/version"},
		deny: []string{"github.com/aws/...", "cloud.google.com/...", "google.golang.org/api/..."}, doc: "engine/state/doc.go"},
	{pkgs: "engine/state/s3", allow: []string{"engine/state", "schema"}, doc: "engine/state/s3/doc.go"},
	{pkgs: "engine/state/gcs", allow: []string{"engine/state", "schema"}, doc: "engine/state/gcs/doc.go"},
	{pkgs: "engine/state/httpbackend", allow: []string{"engine/state", "schema"}, doc: "engine/state/httpbackend/doc.go"},
	{pkgs: "engine/state/statetest", allow: []string{"engine/addrs", "engine/encryption", "engine/state"}, doc: "engine/state/statetest/doc.go"},
	{pkgs: "engine/genconfig", allow: []string{"engine/addrs", "schema"}, doc: "engine/genconfig/doc.go"},
	{pkgs: "engine/provisioners", allow: []string{"schema"}, doc: "engine/provisioners/doc.go"},
	{pkgs: "engine/policy", allow: none, doc: "engine/policy/doc.go"},

	// The machinery that plans and applies.
	{pkgs: "engine/eval", allow: []string{"engine/addrs", "engine/config", "engine/graph", "engine/lang", "engine/provisioners", "engine/state", "engine/vars", "schema"}, doc: "engine/eval/doc.go"},
	{pkgs: "engine/refactor", allow: []string{"engine/addrs", "engine/config", "engine/eval", "engine/state"}, doc: "engine/refactor/doc.go"},
	{pkgs: "engine/plan", allow: []string{"engine/addrs", "engine/config", "engine/eval", "engine/graph", "engine/hook", "engine/lang", "engine/plans", "engine/refactor", "engine/state", "schema"}, doc: "engine/plan/doc.go"},
	{pkgs: "engine/apply", allow: []string{"engine/addrs", "engine/config", "engine/eval", "engine/graph", "engine/hook", "engine/interrupt", "engine/lang", "engine/plans", "engine/provisioners", "engine/state", "schema"}, doc: "engine/apply/doc.go"},
	{pkgs: "engine/render", allow: []string{"engine/addrs", "engine/config", "engine/plans", "engine/policy", "engine/state", "engine/version", "schema"}, doc: "engine/render/doc.go"},
	{pkgs: "engine/drift", allow: []string{"engine/addrs", "engine/plans", "engine/render", "schema"}, doc: "engine/drift/doc.go"},
	{pkgs: "engine/run", deny: []string{"engine/state/s3", "engine/state/gcs", "engine/state/httpbackend", "engine/agent/..."}, doc: "engine/run/doc.go"},

	// Modules and providers: fetching, installing, recording.
	{pkgs: "engine/modsrc", allow: none, doc: "engine/modsrc/doc.go"},
	{pkgs: "engine/modsdir", allow: []string{"engine/modsrc"}, doc: "engine/modsdir/doc.go"},
	{pkgs: "engine/getmodules", allow: []string{"engine/modsrc", "engine/source"}, doc: "engine/getmodules/doc.go"},
	{pkgs: "engine/modinstall", allow: []string{"engine/modsrc", "engine/modsdir", "engine/getmodules"}, doc: "engine/modinstall/doc.go"},
	{pkgs: "engine/getproviders", allow: none, doc: "engine/getproviders/doc.go"},
	{pkgs: "engine/cliconfig", allow: []string{"engine/getproviders"}, doc: "engine/cliconfig/doc.go"},
	{pkgs: "engine/depsfile", allow: []string{"engine/getproviders"}, doc: "engine/depsfile/doc.go"},
	{pkgs: "engine/providercache", allow: []string{"engine/getproviders"}, doc: "engine/providercache/doc.go"},
	{pkgs: "engine/providerinstall", deny: []string{"engine/plan", "engine/apply", "engine/run"}, doc: "engine/providerinstall/doc.go"},
	{pkgs: "engine/source", allow: none, doc: "engine/source/doc.go"},
	{pkgs: "engine/sandbox", allow: none, doc: "engine/sandbox/doc.go"},

	// The agent: its vocabulary and storage never reach the engine.
	{pkgs: "engine/forge", allow: none, doc: "engine/forge/doc.go"},
	{pkgs: "engine/agent/config", allow: []string{"engine/artifacts/config"}, doc: "engine/agent/config/doc.go"},
	{pkgs: "engine/agent/queue", allow: none, doc: "engine/agent/queue/doc.go"},
	{pkgs: "engine/agent/store", allow: none, doc: "engine/agent/store/doc.go"},
	{pkgs: "engine/agent/htmlpage", allow: none, doc: "engine/agent/htmlpage/doc.go"},
	{pkgs: "engine/agent/web", allow: []string{"engine/agent/store", "engine/agent/htmlpage"}, doc: "engine/agent/web/doc.go"},
	{pkgs: "engine/agent", deny: []string{"engine/state/s3", "engine/state/gcs", "engine/state/httpbackend"}, doc: "engine/agent/doc.go"},

	// Artifact promotion: vocabulary below, sources beside, promotion above.
	{pkgs: "engine/artifacts", allow: none, doc: "engine/artifacts/doc.go"},
	{pkgs: "engine/artifacts/marker", allow: none, doc: "engine/artifacts/marker/doc.go"},
	{pkgs: "engine/artifacts/config", allow: []string{"engine/artifacts"}, doc: "engine/artifacts/config/doc.go"},
	{pkgs: "engine/artifacts/oci", allow: []string{"engine/artifacts"}, doc: "engine/artifacts/oci/doc.go"},
	{pkgs: "engine/artifacts/s3src", allow: []string{"engine/artifacts"}, doc: "engine/artifacts/s3src/doc.go"},
	{pkgs: "engine/artifacts/release", allow: []string{"engine/artifacts", "engine/forge"}, doc: "engine/artifacts/release/release.go"},
	{pkgs: "engine/artifacts/sources", allow: []string{"engine/artifacts", "engine/artifacts/config", "engine/artifacts/oci", "engine/artifacts/s3src"}, doc: "engine/artifacts/sources/sources.go"},
	{pkgs: "engine/artifacts/check", allow: []string{"engine/artifacts", "engine/artifacts/config", "engine/artifacts/marker"}, doc: "engine/artifacts/check/doc.go"},
	{pkgs: "engine/artifacts/promote", allow: []string{"engine/artifacts", "engine/artifacts/check", "engine/artifacts/config", "engine/artifacts/marker", "engine/forge"}, doc: "engine/artifacts/promote/doc.go"},

	// Providers share one kit and nothing else of trueup but schema.
	{pkgs: "providers/internal/kit", allow: []string{"schema"}, doc: "providers/internal/kit/doc.go"},
	{pkgs: "providers/providertest", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/providertest/doc.go"},
	{pkgs: "providers/plugin", allow: []string{"schema"}, doc: "providers/plugin/doc.go"},
	{pkgs: "providers/aws", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/aws/doc.go"},
	{pkgs: "providers/google", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/google/doc.go"},
	{pkgs: "providers/local", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/local/doc.go"},
	{pkgs: "providers/null", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/null/doc.go"},
	{pkgs: "providers/random", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/random/doc.go"},
	{pkgs: "providers/terraform", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/terraform/doc.go"},
	{pkgs: "providers/time", allow: []string{"schema", "providers/internal/kit"}, doc: "providers/time/doc.go"},
}
