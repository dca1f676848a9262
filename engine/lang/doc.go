// Package lang evaluates the expressions of a configuration: it finds the
// references in expressions and blocks, builds an hcl.EvalContext holding
// only the referenced values (fetched through the Data interface, which the
// planner implements), decodes blocks against provider schemas (expanding
// dynamic blocks), and checks statically that every reference names
// something declared.
//
// The rule it keeps: an evaluation context is built from the references of
// the expression being evaluated, never from everything in the module, so
// evaluating one resource of a 10,000-resource stack costs what that
// resource references.
//
// It imports addrs, config, schema, lang/funcs, hcl and cty. It must never
// import the planner, the executor or any provider.
package lang
