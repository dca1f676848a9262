// Package funcs is the Terraform function library of trueup's expression
// language: cty's standard library plus Terraform's own functions (file,
// templatefile, jsonencode, cidrsubnet, lookup, try, tostring, sha256, ...),
// named and behaving as Terraform documents them. Table builds the map that
// the evaluator puts in its hcl.EvalContext.
//
// Sensitive values carry the plain string mark "sensitive" (SensitiveMark),
// the mark the whole engine uses. Functions keep that mark on their results,
// and when a call with a sensitive argument fails its error says so without
// repeating anything derived from the value.
//
// It is a leaf: it imports cty, HCL and a few small libraries, never the rest
// of the engine (engine/lang imports it, not the other way round).
package funcs
