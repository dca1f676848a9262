// Package render turns plans, state and apply events into text for people
// and machines: the Terraform-like human plan, the JSON plan and state
// documents, and progress lines during apply. It is a view: it imports the
// engine's vocabulary (plans, state, addrs) and nothing that acts.
package render
