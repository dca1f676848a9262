// Package storetest is the conformance suite of the agent's run history:
// every implementation (the bbolt store, the PostgreSQL store) passes
// the same tests, so that the agent behaves the same on either.
package storetest
