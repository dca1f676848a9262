package artifacts

import (
	"context"
	"time"
)

// Candidate is one build a source offers.
type Candidate struct {
	// Tag is the name the source lists it under: an OCI tag, an S3 object
	// key, a release tag.
	Tag string `json:"tag"`
	// Version is what the policy compares: the tag, or the part of it the
	// policy's tag_regexp captured as "version".
	Version string `json:"version"`
	// Digest identifies the content: an OCI manifest digest, an S3
	// object's checksum or ETag with its version ID. Empty until resolved.
	Digest string `json:"digest,omitempty"`
	// Created is when the build was made or pushed; zero when unknown.
	Created time.Time `json:"created,omitzero"`
	// Location is where the source keeps it (an OCI repository, an S3
	// bucket), and Link a URL people can open to see it.
	Location string `json:"location"`
	Link     string `json:"link,omitempty"`
}

// Source lists and resolves the builds of one artifact.
type Source interface {
	// List returns every candidate the source holds, with Tag, Location
	// and Link set, and Digest and Created when they come for free.
	// Cancelling ctx abandons the listing.
	List(ctx context.Context) ([]Candidate, error)
	// Resolve fills in c's Digest and Created from the source.
	Resolve(ctx context.Context, c Candidate) (Candidate, error)
}
