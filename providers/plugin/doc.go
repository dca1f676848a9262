// Package plugin runs a Terraform provider as a plugin process and serves
// it to the engine as a schema.Provider: hashicorp/go-plugin with
// Terraform's handshake and AutoMTLS, the tfplugin5 and tfplugin6 gRPC
// protocols (stubs generated into internal/), values as msgpack of cty
// values.
//
// NewFactory is the seam for provider installation: given a provider's
// address, version and executable, it returns a schema.Factory that the
// command wires into the registry beside the built-in providers.
//
// It imports schema, go-cty, go-plugin and gRPC. It must never import
// anything under engine/ or another provider.
package plugin
