// Package getproviders finds provider packages: provider source addresses,
// versions and constraints, platforms, package hashes (h1:, zh:), and one
// Source interface with its implementations: the provider registry protocol
// (with SHA256SUMS and their signature checked), filesystem mirrors (packed
// and unpacked), the network mirror protocol, and a multi-source combining
// them by the CLI configuration's include/exclude rules.
//
// It describes where a package is and how to check it; it does not install
// anything (see engine/providercache). It must not import other engine
// packages, cmd, or providers.
package getproviders
