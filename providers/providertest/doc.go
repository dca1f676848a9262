// Package providertest is the conformance harness for schema.Provider
// implementations. Run drives a provider through the contract the engine
// relies on — create by plan and apply, refresh to a no-op plan, drift after
// an out-of-band change, update or replace, import, delete — using only the
// schema package, so that every provider (the offline ones now, AWS and
// Google later) is held to the same rules by one suite.
//
// It imports the schema package, the providers' kit (to build
// configuration values), go-cty and the standard library's testing
// package. It must never import anything under engine/ or a concrete
// provider.
package providertest
