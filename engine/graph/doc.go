// Package graph is a generic directed acyclic graph of comparable, ordered
// keys (resource addresses, module paths, ...): building it, reporting its
// cycles, ordering it, rendering it (text for golden tests, Graphviz DOT for
// `trueup graph`) and walking it in parallel in dependency order.
//
// An edge Connect(from, to) means "from depends on to": to runs before from.
// Every listing the package returns is sorted or otherwise deterministic, so
// that plans, renders and tests do not depend on map iteration order.
//
// It is vocabulary: it imports only the standard library and
// engine/interrupt (a leaf: which in-flight operations a first interrupt
// may abandon), and must never import the engine, the configuration
// language, state or providers.
//
// A Graph is not safe for concurrent mutation; concurrent reads (including
// a Walk) are safe while nobody mutates it.
package graph
