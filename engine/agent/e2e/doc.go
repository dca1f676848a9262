// Package e2e holds the end-to-end tests of `trueup agent`: they build the
// real binary, create real git repositories with the git CLI, start the
// agent as a process on a free loopback port, and talk to it over HTTP,
// with httptest servers standing in for the GitHub and GitLab APIs and a
// webhook receiver for notifications. It has no non-test code.
package e2e
