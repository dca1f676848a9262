// Package genconfig writes Terraform-language resource blocks from the
// values of existing objects and their resource schemas: the configuration
// `plan -generate-config-out=FILE` writes for import blocks whose target
// has no resource block yet.
//
// It names things and formats text only: it imports addrs, the schema
// package and hcl, never the planner, the state backends or a provider.
package genconfig
