// Package kit is the toolkit every built-in provider (aws, google, local,
// null, random, terraform, time) is written with, so that they share one
// dispatch and one set of value helpers:
//
//   - Provider implements schema.Provider's request/response calls by
//     dispatching each to a Resource, DataSource or EphemeralResource, a
//     set of plain functions per type;
//   - Plan is the planning rule for objects that live only in state
//     ("planned = proposed, defaults filled, computed results unknown on
//     create or replace"), Planner the rule for objects on a platform (a
//     replacement plans like a create);
//   - Obj reads an object's attributes as Go values for building API
//     requests, and the ...Val functions, ObjectVal and BlockVal build
//     values back from API responses.
//
// A provider whose functions need a configured client captures its own
// Provider in them (see providers/google and providers/aws).
//
// It imports only the schema package, go-cty and the standard library. It
// must never import anything under engine/ or a concrete provider.
package kit
