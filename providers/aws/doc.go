// Package aws is trueup's provider for Amazon Web Services, built on
// aws-sdk-go-v2. Resource and data source types, attribute names, defaults
// and import IDs follow the Terraform AWS provider, so that a configuration
// written for Terraform plans unchanged.
//
// The package implements schema.Provider and imports only the schema
// package from trueup: it must never import the engine (engine/...) or
// another provider.
package aws
