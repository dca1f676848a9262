// Package null is trueup's built-in "null" provider: null_resource, a
// resource that does nothing and exists only in state, as in Terraform's
// hashicorp/null. Its triggers force a replacement when they change, which
// makes it a handle to order or re-run other work.
//
// It imports the schema package, the providers' shared kit, go-cty and the
// standard library. It must never import anything under engine/.
package null
