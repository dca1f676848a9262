package source

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
)

// Kinds of failure, for errors.Is on the errors Fetch and ChangedPaths
// return.
var (
	// ErrUnknownRef: no branch, tag, ref or commit of that name.
	ErrUnknownRef = errors.New("unknown ref")
	// ErrRepoNotFound: the repository does not exist (or, on forges that
	// hide private repositories, is not visible without credentials).
	ErrRepoNotFound = errors.New("repository not found")
	// ErrAuthFailed: credentials missing, wrong or refused.
	ErrAuthFailed = errors.New("authentication failed")
	// ErrHostKey: the SSH server's host key is unknown or does not match.
	ErrHostKey = errors.New("host key verification failed")
	// ErrPathNotFound: Options.Path is not a directory of the commit.
	ErrPathNotFound = errors.New("path not found in repository")
	// ErrNotRepository: a local path that is not a git repository.
	ErrNotRepository = errors.New("not a git repository")
	// ErrEmptyRepository: the repository has no commits.
	ErrEmptyRepository = errors.New("repository is empty")
	// ErrInvalidOptions: the options themselves are wrong (URL, path, auth).
	ErrInvalidOptions = errors.New("invalid options")
)

// kinds lists the sentinels an Error may carry.
var kinds = []error{ErrUnknownRef, ErrRepoNotFound, ErrAuthFailed, ErrHostKey, ErrPathNotFound,
	ErrNotRepository, ErrEmptyRepository, ErrInvalidOptions}

// Error is a failure of Fetch or ChangedPaths. It names the repository
// (credentials stripped) and the ref; its message never holds a credential.
type Error struct {
	// Source is "URL//PATH@REF" with credentials stripped.
	Source string
	// Kind is one of the Err* sentinels, or nil for other failures (I/O,
	// network, a corrupt cache).
	Kind error
	// Detail is the explanation, credentials scrubbed.
	Detail string
	// ctx is context.Canceled or DeadlineExceeded when the call was cut short.
	ctx error
}

// Error formats "git source SOURCE: KIND: DETAIL".
func (e *Error) Error() string {
	msg := "git source " + e.Source + ": "
	detail := e.Detail
	if e.Kind != nil {
		kind := e.Kind.Error()
		detail = strings.TrimPrefix(strings.TrimPrefix(detail, kind), ": ")
		msg += kind
		if detail != "" {
			msg += ": "
		}
	}
	return msg + detail
}

// Unwrap exposes the kind and a context error, never the raw cause (whose
// text may hold credentials).
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.ctx != nil {
		errs = append(errs, e.ctx)
	}
	return errs
}

// scrubber removes secrets from text.
type scrubber struct {
	secrets []string
	raw     string // the URL as given, replaced by its display form
	display string
}

// add registers secrets to remove.
func (s *scrubber) add(secrets ...string) {
	for _, v := range secrets {
		if v != "" {
			s.secrets = append(s.secrets, v)
		}
	}
	// Longest first, so that a secret containing another goes whole.
	sort.Slice(s.secrets, func(i, j int) bool { return len(s.secrets[i]) > len(s.secrets[j]) })
}

// scrub returns text with the raw URL shown without credentials and every
// secret replaced by "***".
func (s *scrubber) scrub(text string) string {
	if s.raw != "" && s.raw != s.display {
		text = strings.ReplaceAll(text, s.raw, s.display)
	}
	for _, v := range s.secrets {
		text = strings.ReplaceAll(text, v, "***")
	}
	return text
}

// wrap turns err into an *Error for source, classifying go-git's errors.
// An *Error passes through unchanged.
func (s *scrubber) wrap(source string, err error) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	e := &Error{Source: source, Kind: classify(err), Detail: s.scrub(err.Error())}
	switch {
	case errors.Is(err, context.Canceled):
		e.ctx = context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		e.ctx = context.DeadlineExceeded
	}
	return e
}

// errorf makes an *Error of a kind with a formatted, scrubbed detail.
func (s *scrubber) errorf(source string, kind error, format string, args ...any) error {
	return &Error{Source: source, Kind: kind, Detail: s.scrub(fmt.Sprintf(format, args...))}
}

// classify maps transport and ssh failures to a kind.
func classify(err error) error {
	for _, k := range kinds {
		if errors.Is(err, k) {
			return k
		}
	}
	switch {
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return ErrRepoNotFound
	case errors.Is(err, transport.ErrAuthenticationRequired),
		errors.Is(err, transport.ErrAuthorizationFailed),
		errors.Is(err, transport.ErrInvalidAuthMethod):
		return ErrAuthFailed
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return ErrEmptyRepository
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unable to authenticate"):
		return ErrAuthFailed
	case strings.Contains(msg, "knownhosts:"), strings.Contains(msg, "host key"):
		return ErrHostKey
	case strings.Contains(msg, "repository not exported"), strings.Contains(msg, "does not appear to be a git repository"):
		return ErrRepoNotFound
	}
	return nil
}
