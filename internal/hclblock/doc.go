// Package hclblock is what trueup's configuration decoders share for
// reading HCL blocks into the raw* structs gohcl fills: decoding a block,
// and the errors about blocks and names that point at their source (file,
// line and column). The agent's configuration (engine/agent/config) and
// the artifact blocks (engine/artifacts/config) use it; each keeps its own
// raw structs and checks.
//
// It imports only hcl and the standard library, and must never import
// anything of trueup's.
package hclblock
