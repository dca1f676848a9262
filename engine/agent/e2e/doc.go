// Package e2e holds the end-to-end tests of `trueup agent`: they build the
// real binary, create real git repositories with the git CLI, start the
// agent as a process on a free loopback port, and talk to it over HTTP,
// with httptest servers standing in for the GitHub and GitLab APIs and a
// webhook receiver for notifications. It has no non-test code.
//
// Each test has its own agents, repositories, fakes and ports, and most
// run in parallel (t.Parallel, go test's -parallel, by default the number
// of CPUs): they spend most of their time waiting for polls, runs and
// processes. Those that run several agents on one PostgreSQL store or
// drive Chromium, the heaviest, run alone, before the parallel ones. A new
// test runs in parallel unless it must not, and says why.
package e2e
