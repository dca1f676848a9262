// Package aws is trueup's provider for Amazon Web Services, built on
// aws-sdk-go-v2. Resource and data source types, attribute names, defaults
// and import IDs follow the Terraform AWS provider, so that a configuration
// written for Terraform plans unchanged.
//
// The package implements schema.Provider through providers/internal/kit
// (resourceType describes a type with functions that take the configured
// clients; kit.go turns it into a kit.Resource), and imports only the
// schema package, the kit and internal/retry (with internal/awsretry)
// from trueup: it must never
// import the engine (engine/...) or another provider.
package aws
