// Package testprovider is a small in-memory schema.Provider for the
// engine's unit tests: one managed resource type, test_thing, whose
// objects live in a Store that tests can inspect and change behind the
// engine's back (drift, out-of-band deletes), and one data source,
// test_echo. Its schema covers what the planner must handle: computed and
// optional+computed attributes, a force-new attribute, a sensitive one, and
// nested blocks of each nesting mode (single, list, set).
//
// Failures are asked for by configuration, so that table tests need no
// extra wiring: fail = "apply" makes ApplyResource fail without changing
// anything, fail = "after-create" creates the object and then reports an
// error (a partial failure), fail = "delete" makes deletes fail, and
// fail = "plan" makes PlanResource fail. A stored object whose fail is
// "read" makes ReadResource fail. Read and delete failures quote the
// object's sensitive secret in their message, as OS and API errors quote
// the names they were given, to test that the engine redacts them.
//
// It imports only the schema package, go-cty and the standard library,
// like every provider; it must never import the engine.
package testprovider
