package version

// Terraform is the Terraform release whose language and machine-readable
// documents trueup follows. It is written as terraform_version in the
// JSON plan and state documents, so that tools which read Terraform's
// `show -json` output (policy checkers, cost estimators) accept trueup's.
const Terraform = "1.11.4"
