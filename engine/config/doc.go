// Package config loads the Terraform-language files of one directory
// (*.tf and *.tf.json) into a typed Module: the terraform block (required
// version, required providers, backend), provider configurations, input
// variables, locals, outputs, and resource and data blocks with their
// meta-arguments separated from the provider-specific body.
//
// Loading checks everything that can be checked without evaluating
// expressions: syntax, block and argument names, duplicate declarations,
// identifiers, meta-argument shapes. Whether references name declared
// objects is checked by lang.ValidateReferences; evaluation is lang's job.
//
// It imports addrs, schema (for its path formatting), hcl and cty only. It
// must never import lang, the planner, the executor or any provider.
package config
