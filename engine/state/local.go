package state

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Local stores state in a file, written atomically (temp file, fsync,
// rename, fsync of the directory), keeping as PATH.backup the version it
// replaced at its first write (as Terraform's local backend does: during a
// long apply, which writes every second or so, the backup is the state
// from before the apply, and each write costs one copy of the state, not
// two; a client whose first write creates the file keeps none), locked by
// a lock file .BASENAME.lock.info next to it. It works between separate
// processes without flock: the lock file is created exclusively, and
// writes are conditional on the file's content hash recorded at the
// client's last Read or Write.
//
// The conditional check and the rename are two steps, not one atomic
// operation: two writers that both skip the lock can still race in the
// window between them. Holding the lock, as the engine always does, closes
// it.
type Local struct {
	path string
	// mkdir makes Write and Lock create the file's directory: a
	// workspace's directory under terraform.tfstate.d.
	mkdir bool
	// codec turns states into the file's bytes and back.
	codec Codec
	// afterDocRead, set by a test of the package on its client, runs
	// between a Read's reading of the document and of the journal.
	afterDocRead func()

	mu sync.Mutex
	// seen is what this client last read or wrote.
	seen localRecord
	// backedUp says this client has written PATH.backup.
	backedUp bool
	// journalBroken says an append failed and could not be undone: the
	// next write must be a whole document (AppendJournal).
	journalBroken bool
	// lockID is the state lock this client took (Lock) and has not
	// released: only a client holding the lock sets a journal aside.
	lockID string
}

// localRecord is the version of the file a client last saw.
type localRecord struct {
	known   bool // the client has read or written successfully
	exists  bool
	hash    [sha256.Size]byte
	hasData bool // the file held a state (not empty)
	lineage string
	serial  uint64
	empty   bool // the state held no resources and no outputs
	// stat is the file's when read or written, so that an append to its
	// journal can tell it is unchanged without hashing it again.
	stat fs.FileInfo
	// journal is the journal beside the file as the client knows it.
	journal localJournal
}

var _ Backend = (*Local)(nil)
var _ Historian = (*Local)(nil)

// NewLocal returns a local backend storing state at path.
func NewLocal(path string) *Local {
	return &Local{path: path}
}

// NewLocalWith returns a local backend storing state at path, encoded
// by codec (which may encrypt it).
func NewLocalWith(path string, codec Codec) *Local {
	return &Local{path: path, codec: codec}
}

// String returns `local backend "PATH"`.
func (l *Local) String() string { return fmt.Sprintf("local backend %q", l.path) }

// Path returns the state file's path.
func (l *Local) Path() string { return l.path }

// BackupPath returns where the previous version is kept: PATH.backup.
func (l *Local) BackupPath() string { return l.path + ".backup" }

// Read returns the state in the file, nil when the file does not exist
// or is empty (as Terraform treats an empty state file). A file that is
// not a valid state is an error naming it, and is left as it is: a later
// Write by this client is refused until a Read succeeds.
func (l *Local) Read(ctx context.Context) (*State, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = localRecord{}
	// The journal is read right after the document, before decoding it,
	// and the document looked at again: a writer that replaced the
	// document in between (a first apply creating it, then its journal)
	// would otherwise pair the old document with the new journal.
	var (
		b, jb     []byte
		fi        fs.FileInfo
		err, jerr error
	)
	for attempt := 0; ; attempt++ {
		b, fi, err = readStat(l.path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", l, err)
		}
		if attempt == 0 && l.afterDocRead != nil {
			l.afterDocRead()
		}
		jb, jerr = os.ReadFile(l.JournalPath())
		if attempt == 1 || unchangedSince(l.path, fi, err) {
			break
		}
	}
	if err != nil {
		l.seen = localRecord{known: true}
		return l.readJournal(ctx, nil, nil, jb, jerr)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		l.seen = localRecord{known: true, exists: true, hash: sha256.Sum256(b), stat: fi}
		return l.readJournal(ctx, b, nil, jb, jerr)
	}
	s, err := l.codec.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l, err)
	}
	l.seen = recordOf(sha256.Sum256(b), s)
	l.seen.stat = fi
	return l.readJournal(ctx, b, s, jb, jerr)
}

// unchangedSince reports whether the file at path is still the one
// described by fi, or still absent when readErr said it was.
func unchangedSince(path string, fi fs.FileInfo, readErr error) bool {
	now, err := os.Stat(path)
	if readErr != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	return err == nil && sameFile(fi, now)
}

// readStat reads the file at path and describes it, from one open file.
func readStat(path string) ([]byte, fs.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	// Sized from the file, as os.ReadFile does: io.ReadAll grows its
	// buffer by doubling, which for a 66 MB state allocated twice that
	// and copied it along the way.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), fi, err
}

// recordOf is what the client knows of the file it read or wrote: the
// SHA-256 of its bytes (sum) and the state they hold.
func recordOf(sum [sha256.Size]byte, s *State) localRecord {
	return localRecord{known: true, exists: true, hash: sum, hasData: true, lineage: s.Lineage, serial: s.Serial, empty: s.Empty()}
}

// Write stores s if the file is still what this client last read or
// wrote, and s has the stored lineage and no lower serial; otherwise it
// returns an error wrapping ErrStale and changes nothing. A client that has
// not read may only create the file. The previous file is kept as
// PATH.backup, sealed as the new one is (Codec.Reseal).
func (l *Local) Write(ctx context.Context, s *State) error {
	if s == nil {
		return fmt.Errorf("%s: write: no state", l)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cur, exists, sum, err := l.current()
	if err != nil {
		return fmt.Errorf("%s: %w", l, err)
	}
	if err := l.checkWrite(cur, exists, sum, s); err != nil {
		return err
	}
	if l.seen.known {
		if reason := l.journalChanged(); reason != "" {
			return &StaleError{Backend: l.String(), Reason: reason}
		}
	}
	if err := l.ensureDir(); err != nil {
		return fmt.Errorf("%s: %w", l, err)
	}
	perm := fs.FileMode(0o600)
	if exists {
		if fi, err := os.Stat(l.path); err == nil {
			perm = fi.Mode().Perm()
		}
	}
	if !exists {
		// Nothing is there to keep: as with Terraform's local backend, a
		// client whose first write creates the file keeps no backup, not
		// even of its own later writes (a first apply's snapshot from
		// the middle of its walk, read back and written again at its
		// end).
		l.backedUp = true
	}
	if exists && !l.backedUp {
		backup, ok := l.replayedBackup(cur)
		if !ok {
			backup = l.codec.Reseal(cur)
		}
		if err := writeFileAtomic(l.BackupPath(), backup, perm); err != nil {
			return fmt.Errorf("%s: writing backup: %w", l, err)
		}
		l.backedUp = true
	}
	// The document goes to the file as it is encoded, through its hash:
	// at 10,000 objects, 10 MB never held whole (docs/state.md, "Writes
	// that stream"). An encoding error leaves the file as it was.
	h := sha256.New()
	err = writeFileAtomicWith(l.path, perm, func(f io.Writer) error {
		buf := bufio.NewWriterSize(io.MultiWriter(f, h), encodeBuffer)
		if err := l.codec.EncodeTo(buf, s); err != nil {
			return err
		}
		return buf.Flush()
	})
	if err != nil {
		return fmt.Errorf("%s: %w", l, err)
	}
	if l.seen.journal.exists || l.journalBroken {
		l.removeJournal()
	}
	l.seen = recordOf([sha256.Size]byte(h.Sum(nil)), s)
	l.seen.stat, _ = os.Stat(l.path)
	return nil
}

// current returns whether the state file exists, its SHA-256, and its
// bytes when a write needs them: for the backup not made yet, or to
// describe a file that is not the one this client last read or wrote.
// The other writes, such as every write of a long apply after its first,
// stream the file through the hash instead of holding it (at 10,000
// resources, 6 MB beside the new encoding at the apply's peak).
func (l *Local) current() (cur []byte, exists bool, sum [sha256.Size]byte, err error) {
	if l.seen.known && l.seen.exists && l.backedUp {
		if sum, ok := hashFile(l.path); ok && sum == l.seen.hash {
			return nil, true, sum, nil
		}
	}
	cur, err = os.ReadFile(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, sum, nil
	}
	if err != nil {
		return nil, false, sum, err
	}
	return cur, true, sha256.Sum256(cur), nil
}

// hashFile returns the SHA-256 of the file at path, reading it in pieces;
// false when it cannot be read.
func hashFile(path string) (sum [sha256.Size]byte, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return sum, false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, false
	}
	h.Sum(sum[:0])
	return sum, true
}

// checkWrite applies the conditional-write rules to the file's current
// bytes, or (cur nil) its hash sum when it is the file this client last
// saw (Local.current).
func (l *Local) checkWrite(cur []byte, exists bool, sum [sha256.Size]byte, s *State) error {
	stale := func(reason string) error { return &StaleError{Backend: l.String(), Reason: reason} }
	switch {
	case !l.seen.known:
		if exists && len(bytes.TrimSpace(cur)) > 0 {
			return stale(fmt.Sprintf("the file holds %s, which this client has not read: read the state before writing it", l.describe(cur)))
		}
		return nil
	case exists && !l.seen.exists:
		return stale(fmt.Sprintf("the file was created since this client found none: it now holds %s", l.describe(cur)))
	case !exists && l.seen.exists:
		return stale("the state file was removed since this client read it")
	case exists && sum != l.seen.hash:
		return stale(fmt.Sprintf("the file changed since this client read %s: it now holds %s", l.seen, l.describe(cur)))
	case l.seen.hasData:
		return CheckSuccessionOver(l.String(), l.seen.lineage, l.seen.serial, l.seen.empty, s)
	}
	return nil
}

// String names the state the record is of, for messages.
func (r localRecord) String() string {
	if !r.hasData {
		return "an empty file"
	}
	return fmt.Sprintf("lineage %s serial %d", r.lineage, r.serial)
}

// describe names the state in b for messages.
func (l *Local) describe(b []byte) string {
	if len(bytes.TrimSpace(b)) == 0 {
		return "nothing"
	}
	s, err := l.codec.Decode(b)
	if err != nil {
		return "an unreadable state"
	}
	return fmt.Sprintf("lineage %s serial %d", s.Lineage, s.Serial)
}

// writeFileAtomic replaces path with data: a temp file in the same
// directory, fsynced, renamed over path, then the directory fsynced, so
// that a crash leaves either the old or the new file, whole.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	return writeFileAtomicWith(path, perm, func(f io.Writer) error {
		_, err := f.Write(data)
		return err
	})
}

// encodeBuffer is the buffer between the state encoder and the file.
const encodeBuffer = 256 << 10

// writeFileAtomicWith is writeFileAtomic of what fill writes to the temp
// file. When fill fails, path is left as it was.
func writeFileAtomicWith(path string, perm fs.FileMode, fill func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
