// Package marker finds artifact markers in a configuration repository and
// rewrites the values they mark.
//
// A marker is a comment "# trueup:artifact NAME" (or "// trueup:artifact
// NAME") on the line of an attribute whose value is a single quoted string:
// a resource argument, a variable default or a .tfvars value. Find reports
// each marker with its file, attribute and current value; Rewrite replaces
// only that string, through hclwrite, so the file's formatting and comments
// stay as they were.
//
// It is vocabulary for the artifacts packages: it imports hcl and cty, never
// the engine's planner, the agent or the CLI.
package marker
