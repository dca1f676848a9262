// Package render turns plans, state and apply events into text for people
// and machines: the Terraform-like human plan, the JSON plan and state
// documents, the Markdown pull-request comment (summary first, details
// collapsible, kept under the forge's size limit), and output values.
//
// It is a view: it imports the engine's vocabulary (plans, state, addrs,
// config, version, policy results) and the schema types (a state object renders by its
// resource type's block: nested blocks as blocks), and nothing that acts.
package render
