// Package timeprovider is trueup's built-in "time" provider, with the
// resource and attribute names of Terraform's hashicorp/time: time_sleep,
// time_static, time_rotating and time_offset. Its objects live only in
// state, except that time_rotating disappears (ReadResource returns null)
// once its rotation time has passed, so that the next plan re-creates it.
//
// The directory is providers/time but the package is named timeprovider:
// a package named time would shadow the standard library's time package in
// every file that imports it, this one included.
//
// It imports the schema package, the providers' shared kit, go-cty and the
// standard library. It must never import anything under engine/.
package timeprovider
