// Package vars gathers the values of a stack's root input variables from
// everywhere Terraform reads them, in Terraform's order of precedence
// (later wins): TF_VAR_name environment variables, terraform.tfvars,
// terraform.tfvars.json, *.auto.tfvars and *.auto.tfvars.json in lexical
// order, then -var and -var-file options in command-line order. Finalize
// then converts them to the declared types, applies defaults, and runs
// the variables' validation rules.
//
// It imports config, schema, hcl and cty. It must never import lang, the planner
// or any provider: the function table for validation rules is passed in.
package vars
