package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/johannesboyne/gofakes3"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// s3Emulator is gofakes3 over memory, written through to a bolt file
// (s3Store: persistent, no versioning), or over memory alone (versioning).
type s3Emulator struct {
	backend gofakes3.Backend
	db      *bolt.DB
	handler http.Handler
}

// newS3Emulator opens the bolt store at path, or a memory store when path
// is empty.
func newS3Emulator(path string, log hclog.Logger) (*s3Emulator, error) {
	e := &s3Emulator{}
	if path == "" {
		e.backend = newMemBackend()
	} else {
		// A timeout instead of bolt's default wait-forever, for a second
		// sandbox started on the same data directory.
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			if errors.Is(err, bolterrors.ErrTimeout) {
				return nil, fmt.Errorf("sandbox: %s is in use by another sandbox", path)
			}
			return nil, fmt.Errorf("sandbox: open S3 store: %w", err)
		}
		e.db = db
		store, err := openS3Store(db)
		if err != nil {
			db.Close()
			return nil, err
		}
		e.backend = store
	}
	faker := gofakes3.New(e.backend,
		gofakes3.WithLogger(s3Log{log}),
		gofakes3.WithHostBucket(false),
	)
	e.handler = withObjectTagging(faker.Server(), e.backend)
	return e, nil
}

func (e *s3Emulator) createBucket(name string) error {
	exists, err := e.backend.BucketExists(name)
	if err != nil || exists {
		return err
	}
	if err := e.backend.CreateBucket(name); err != nil {
		return fmt.Errorf("sandbox: create S3 bucket %q: %w", name, err)
	}
	return nil
}

func (e *s3Emulator) close() error {
	if e.db == nil {
		return nil
	}
	return e.db.Close()
}

// s3Log routes gofakes3's log lines to hclog: its per-request INFO lines at
// debug level.
type s3Log struct{ log hclog.Logger }

// Print implements gofakes3.Logger.
func (l s3Log) Print(level gofakes3.LogLevel, v ...any) {
	msg := fmt.Sprint(v...)
	switch level {
	case gofakes3.LogErr:
		l.log.Error(msg)
	case gofakes3.LogWarn:
		l.log.Warn(msg)
	case gofakes3.LogInfo:
		l.log.Debug(msg)
	default:
		l.log.Trace(msg)
	}
}
