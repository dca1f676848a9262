// Package oci is the artifact source for OCI registries (container images,
// Helm charts, anything stored as an OCI manifest), through
// google/go-containerregistry: it lists a repository's tags and resolves
// each to its manifest digest and creation time.
//
// Registry credentials come from the environment variables the
// configuration names and from the Docker configuration file
// ($DOCKER_CONFIG/config.json, including credential helpers), in that
// order.
package oci
