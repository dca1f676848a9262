package promote

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Ledger records the digest first seen for each tag of each artifact, in
// a JSON file, so that a tag later moved to other content is noticed even
// when marked values do not pin digests.
type Ledger struct {
	path string
	mu   sync.Mutex
	// seen maps artifact → tag → digest.
	seen map[string]map[string]string
}

// MovedError says a tag now names another digest than the one recorded.
type MovedError struct {
	Artifact, Tag, Was, Now string
}

func (e *MovedError) Error() string {
	return fmt.Sprintf("the tag %s of artifact %s moved: it named %s and now names %s; nothing is promoted until the tag is restored or the ledger entry removed",
		e.Tag, e.Artifact, e.Was, e.Now)
}

// OpenLedger reads the ledger at path (an absent file is an empty ledger).
func OpenLedger(path string) (*Ledger, error) {
	l := &Ledger{path: path, seen: map[string]map[string]string{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &l.seen); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

// Record checks digest against the one recorded for the tag, recording it
// when it is the first: a different one is a *MovedError.
func (l *Ledger) Record(artifact, tag, digest string) error {
	if digest == "" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	tags := l.seen[artifact]
	if tags == nil {
		tags = map[string]string{}
		l.seen[artifact] = tags
	}
	if was, ok := tags[tag]; ok {
		if was != digest {
			return &MovedError{Artifact: artifact, Tag: tag, Was: was, Now: digest}
		}
		return nil
	}
	tags[tag] = digest
	return l.save()
}

func (l *Ledger) save() error {
	b, err := json.MarshalIndent(l.seen, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return err
	}
	tmp := l.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, l.path)
}
