package getmodules

import "errors"

// Kinds of failure, for errors.Is.
var (
	// ErrNotSupported: a getter trueup does not implement (s3, gcs, hg).
	ErrNotSupported = errors.New("not supported")
	// ErrNotFound: the package, archive, registry module or subdirectory
	// does not exist.
	ErrNotFound = errors.New("not found")
	// ErrChecksum: a downloaded archive does not match ?checksum=.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrArchive: an archive that cannot be read or would write outside
	// its destination.
	ErrArchive = errors.New("invalid archive")
	// ErrNoRegistry: the host does not offer the module registry protocol.
	ErrNoRegistry = errors.New("not a module registry")
)
