// Package schema is the contract between trueup's engine and its providers.
//
// A provider declares the shape of its configuration, resources and data
// sources as Blocks of typed Attributes, and the engine drives it with
// cty.Values conforming to those shapes through the Provider interface, in
// the request/response style that the Terraform plugin protocol proved.
//
// This package is vocabulary: it imports only go-cty, the standard library
// and internal/ctyobject (a cty helper below every layer, which imports
// nothing of trueup's). It must never import the engine or a concrete
// provider; providers import it, and the engine imports it.
package schema
