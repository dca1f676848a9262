// Package kit is the small toolkit the built-in offline providers share: a
// Provider that dispatches schema.Provider calls to per-resource functions,
// the default planning rule ("planned = proposed, defaults filled, computed
// results unknown on create or replace; RequiresReplace =
// schema.ForceNewChanges"), and helpers to read and set object attributes.
//
// It imports only the schema package, go-cty and the standard library. It
// must never import anything under engine/ or a concrete provider.
package kit
