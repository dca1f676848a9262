package sandbox

// PrintExports exposes printExports to the tests.
var PrintExports = printExports
