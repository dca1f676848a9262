package gcptest

import (
	"fmt"

	"github.com/fsouza/fake-gcs-server/fakestorage"
)

// BucketsLocation is the location fake-gcs-server reports for every
// bucket, upper-case as Cloud Storage reports locations.
const BucketsLocation = "US-CENTRAL1"

// GCS is an in-process fake-gcs-server on a real loopback listener.
type GCS struct {
	*fakestorage.Server
	// Endpoint is the JSON API base URL: http://127.0.0.1:PORT/storage/v1/.
	Endpoint string
}

// StartGCS starts fake-gcs-server over plain HTTP on 127.0.0.1.
func StartGCS() (*GCS, error) {
	s, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		Scheme: "http", Host: "127.0.0.1", Port: 0, BucketsLocation: BucketsLocation,
	})
	if err != nil {
		return nil, fmt.Errorf("starting fake-gcs-server: %w", err)
	}
	return &GCS{Server: s, Endpoint: s.URL() + "/storage/v1/"}, nil
}
