package secretscan

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Scanner looks for a set of secrets in texts, files and directories.
// It is safe for concurrent use.
type Scanner struct {
	mu      sync.Mutex
	secrets []Secret
	scanned int
}

// NewScanner returns a scanner for secrets.
func NewScanner(secrets ...Secret) *Scanner {
	return &Scanner{secrets: secrets}
}

// Add adds secrets, for values known only later (a generated password).
func (s *Scanner) Add(secrets ...Secret) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets = append(s.secrets, secrets...)
}

// Hit is one secret found in a text.
type Hit struct {
	Secret   string // its Name
	Encoding string // the form it was found in
	Context  string // the text around it
}

func (h Hit) String() string {
	return fmt.Sprintf("%s (%s) in …%s…", h.Secret, h.Encoding, h.Context)
}

// Find returns the secrets text holds, one hit per secret: its first form
// found.
func (s *Scanner) Find(text string) []Hit {
	s.mu.Lock()
	secrets := append([]Secret(nil), s.secrets...)
	s.scanned++
	s.mu.Unlock()
	var hits []Hit
	for _, sec := range secrets {
		for _, f := range sec.forms {
			if i := strings.Index(text, f.text); i >= 0 {
				hits = append(hits, Hit{Secret: sec.Name, Encoding: f.encoding, Context: around(text, i, len(f.text))})
				break
			}
		}
	}
	return hits
}

// around returns up to 80 characters either side of text[i:i+n].
func around(text string, i, n int) string {
	lo, hi := max(0, i-80), min(len(text), i+n+80)
	return strings.ToValidUTF8(text[lo:hi], "?")
}

// Check fails t for every secret text holds; what names the text in the
// report ("plan -json stdout").
func (s *Scanner) Check(t testing.TB, what, text string) {
	t.Helper()
	for _, h := range s.Find(text) {
		t.Errorf("%s leaks a secret: %s", what, h)
	}
}

// CheckFile checks the content of the file at path.
func (s *Scanner) CheckFile(t testing.TB, what, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("secret scan of %s: %v", what, err)
	}
	s.Check(t, what+" ("+path+")", string(b))
}

// CheckDir checks every regular file under dir except those skip
// accepts (by path relative to dir), and returns how many it read.
func (s *Scanner) CheckDir(t testing.TB, what, dir string, skip func(rel string) bool) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if skip != nil && skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		n++
		s.CheckFile(t, what+" "+rel, path)
		return nil
	})
	if err != nil {
		t.Fatalf("secret scan of %s: %v", what, err)
	}
	return n
}

// Scanned returns how many texts the scanner has looked at, so that a
// test can prove it scanned what it meant to.
func (s *Scanner) Scanned() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scanned
}
