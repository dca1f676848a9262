// Package config decodes artifact promotion settings: artifact blocks (a
// source, a selection policy, the template a marked value is written with)
// and stage blocks (the order builds move through environments, and the
// rules for moving on). The blocks sit in the agent's configuration file,
// or in a file of their own for the CLI; Decode reads them from any HCL
// body and reports every problem with file, line and column.
//
// It is vocabulary: it imports hcl, cty and the artifacts package, never a
// source implementation, the agent runtime or the CLI.
package config
