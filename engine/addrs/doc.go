// Package addrs is the vocabulary of addresses in a trueup configuration:
// resources and their instances (null_resource.a, data.local_file.x,
// aws_s3_bucket.b["k"]), the things an expression may refer to (var.x,
// local.y, count.index, each.key, path.module, terraform.workspace), and
// the parsers that turn HCL traversals and command-line arguments
// (-target, -replace, state show/rm/mv) into those addresses.
//
// It is a leaf: it imports only hcl and cty and the standard library. It
// must never import config, lang, the planner or any provider.
package addrs
