// Package registrytest serves the provider registry protocol and the
// network mirror protocol over real TLS (httptest), with fake provider
// packages (zips holding a small executable) and SHA256SUMS signed by a GPG
// key generated for the test. It records the requests it received. Tests
// of every package that installs providers (and cmd's end-to-end tests)
// share it.
//
// It imports engine/getproviders only, for hashes.
package registrytest
