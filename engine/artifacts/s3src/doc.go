// Package s3src is the artifact source for builds stored as objects under
// an S3 prefix (Lambda zips, tarballs): each object key is a candidate, its
// ETag (and version ID, in a versioned bucket) its digest, its last
// modification its creation time. It uses aws-sdk-go-v2 with the SDK's own
// configuration chain, so AWS_ENDPOINT_URL points it at `trueup sandbox`.
package s3src
