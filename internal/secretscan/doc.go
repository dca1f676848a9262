// Package secretscan finds secret values in what trueup emits, for the
// secret-scan tests of the CLI (cmd/trueup) and the agent
// (engine/agent/e2e): one scanner, not two copies.
//
// A test makes distinctive secrets, random per run (New), hands them to
// trueup as sensitive variables, provider credentials and forge tokens,
// and passes every output, log file, comment and page to Scanner.Check,
// which fails the test on any hit. A secret is looked for in plain text
// and in the encodings a leak could take on the way: base64 (standard and
// URL alphabets, at each of the three alignments a secret can have inside
// a longer encoded text), URL query and path escaping, JSON string
// escaping and HTML escaping. Each secret holds a random core of letters
// and digits, which every encoding but base64 leaves as it is, so a
// secret cut short or wrapped in another encoding is still found.
//
// It imports only the standard library and may be used by any test.
package secretscan
