// Package modsdir reads and writes the module manifest,
// .terraform/modules/modules.json, in exactly Terraform's format, and
// answers "where is the module at this path installed?" for the config
// loader — with Terraform's "Module not installed" diagnostics when the
// answer is "nowhere" or "not with this source".
//
// Directories in the manifest are relative to the stack directory (the
// root module's Dir is "."). Local modules are recorded where they are;
// remote ones under .terraform/modules/KEY.
//
// It imports hcl, hashicorp/go-version and modsrc only: never the
// installer, the fetchers or the evaluator.
package modsdir
