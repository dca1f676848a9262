package state

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// History lists the state file and its backup (the version before the
// last write), newest first; the IDs are their file names.
func (l *Local) History(ctx context.Context) ([]Version, error) {
	var versions []Version
	for _, path := range []string{l.path, l.BackupPath()} {
		v, err := l.version(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		versions = append(versions, v)
	}
	return versions, nil
}

func (l *Local) version(path string) (Version, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Version{}, err
	}
	s, err := l.readFile(path)
	if err != nil {
		return Version{}, err
	}
	v := Version{ID: filepath.Base(path), Modified: fi.ModTime()}
	if s != nil {
		v.Serial = s.Serial
	}
	return v, nil
}

// ReadVersion reads the state file or its backup by the ID History gave.
// It does not change what this client's next Write is conditional on.
func (l *Local) ReadVersion(ctx context.Context, id string) (*State, error) {
	for _, path := range []string{l.path, l.BackupPath()} {
		if id == filepath.Base(path) {
			return l.readFile(path)
		}
	}
	return nil, fmt.Errorf("%s: no version %q (versions are %q and %q)", l, id, filepath.Base(l.path), filepath.Base(l.BackupPath()))
}

func (l *Local) readFile(path string) (*State, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, nil
	}
	s, err := l.codec.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", l, path, err)
	}
	return s, nil
}
