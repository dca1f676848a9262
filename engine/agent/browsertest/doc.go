// Package browsertest drives Debian's headless Chromium through
// chromedriver (the W3C WebDriver protocol over HTTP on loopback) for tests
// of the agent's dashboard: open a page, find elements by CSS selector, read
// their text, click, hover, run a script, take a screenshot.
//
// It is test support: only tests import it. It fails a test, never skips
// it, when chromium or chromedriver is missing (scripts/test-deps.sh
// installs them).
package browsertest
