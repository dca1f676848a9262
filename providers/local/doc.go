// Package local is trueup's built-in "local" provider: files on the machine
// that runs trueup, with the resource and attribute names of Terraform's
// hashicorp/local provider (local_file, local_sensitive_file, and the
// local_file and local_sensitive_file data sources), so that configurations
// written for Terraform plan unchanged.
//
// Relative filenames are relative to the process's working directory, as in
// Terraform. Unlike Terraform, which forgets a file whose content changed,
// ReadResource reports the content the file now holds, so that drift shows
// what changed; the plan then replaces the file to restore it.
//
// It imports the schema package, the providers' shared kit, go-cty and the
// standard library. It must never import anything under engine/.
package local
