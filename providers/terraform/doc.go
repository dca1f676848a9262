// Package terraform is trueup's built-in "terraform" provider, the one
// Terraform itself builds in (source address terraform.io/builtin/terraform):
// the terraform_data managed resource and the terraform_remote_state data
// source, with Terraform 1.11's schemas, plans and state.
//
// terraform_remote_state reads another stack's state through a backend, but a
// provider must not know the engine's backends: the program injects the
// reading through Options (ReadOutputs and the backends' schemas), and this
// package only validates, calls it and shapes the result.
//
// It imports the schema package, the providers' shared kit, go-cty,
// github.com/google/uuid and the standard library. It must never import
// anything under engine/.
package terraform
