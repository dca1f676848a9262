// Package drift reports what changed outside trueup: from the drift a
// refresh-only plan records, it lists per resource the attribute paths whose
// live value differs from the recorded one, with sensitive values redacted,
// and filters them through ignore rules.
//
// Ignore rules only quiet drift reports (noisy alerts are what users of
// other tools complain about most); they never change what apply does — that
// is lifecycle.ignore_changes' job.
//
// It imports plans, addrs, schema (attribute paths) and render (to draw
// values); nothing that acts.
package drift
