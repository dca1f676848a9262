package httpbackend

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/google/uuid"
	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/trueup/trueup/engine/state"
)

// maxStateSize bounds what Read accepts, so a wrong address pointing at a
// huge document fails instead of filling memory.
const maxStateSize = 512 << 20

// Backend is the state at one address. It is safe for concurrent use;
// two Backends on the same address act as two independent processes.
type Backend struct {
	cfg    Config
	client *retryablehttp.Client
	name   string

	mu sync.Mutex
	// seen is the stored document as last read or written.
	seen seenDoc
	// lockID and lockBody are the lock this Backend holds ("" when none)
	// and the lock information it was taken with, sent again to release
	// it, as Terraform sends it.
	lockID   string
	lockBody []byte
	lockInfo *state.LockInfo
}

// seenDoc is what Write's check is based on.
type seenDoc struct {
	known, exists bool
	sum           [md5.Size]byte
	lineage       string
	serial        uint64
	empty         bool
}

// New returns the backend of cfg; it sends no request.
func New(cfg Config, log hclog.Logger) (*Backend, error) {
	if errs := cfg.check(); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	transport := cleanhttp.DefaultPooledTransport()
	if err := configureTLS(transport, cfg); err != nil {
		return nil, err
	}
	client := retryablehttp.NewClient()
	client.HTTPClient = &http.Client{Transport: transport}
	client.RetryMax, client.RetryWaitMin, client.RetryWaitMax = cfg.RetryMax, cfg.RetryWaitMin, cfg.RetryWaitMax
	client.Logger = nil
	if log != nil {
		client.Logger = hclogLeveled{log}
	}
	return &Backend{cfg: cfg, client: client, name: displayName(cfg)}, nil
}

// displayName names the backend and its address, without credentials.
func displayName(cfg Config) string {
	return fmt.Sprintf("http backend %q", redacted(cfg.Address))
}

// redacted is address without the password it may hold
// (https://user:pass@host).
func redacted(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return ""
	}
	return u.Redacted()
}

// configureTLS sets skip_cert_verification and the PEM settings, as
// Terraform does.
func configureTLS(t *http.Transport, cfg Config) error {
	if !cfg.SkipCertVerification && cfg.ClientCACertificatePEM == "" && cfg.ClientCertificatePEM == "" {
		return nil
	}
	tc := &tls.Config{InsecureSkipVerify: cfg.SkipCertVerification} //nolint:gosec // the user's setting
	if cfg.ClientCACertificatePEM != "" {
		tc.RootCAs = x509.NewCertPool()
		if !tc.RootCAs.AppendCertsFromPEM([]byte(cfg.ClientCACertificatePEM)) {
			return errors.New("failed to append certs")
		}
	}
	if cfg.ClientCertificatePEM != "" {
		cert, err := tls.X509KeyPair([]byte(cfg.ClientCertificatePEM), []byte(cfg.ClientPrivateKeyPEM))
		if err != nil {
			return fmt.Errorf("cannot load client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	t.TLSClientConfig = tc
	return nil
}

// String names the backend and its address (without credentials).
func (b *Backend) String() string { return b.name }

// request sends method to address with body (nil: none), with basic
// authentication and, for a body, its JSON content type and MD5, as
// Terraform's client sends them. what names the call in errors.
func (b *Backend) request(ctx context.Context, method, address string, body []byte, what string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, address, rd)
	if err != nil {
		return nil, fmt.Errorf("%s: failed to make %s HTTP request: %w", b.name, what, err)
	}
	if b.cfg.Username != "" {
		req.SetBasicAuth(b.cfg.Username, b.cfg.Password)
	}
	if body != nil {
		sum := md5.Sum(body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
		req.ContentLength = int64(len(body))
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: failed to %s: %w", b.name, what, err)
	}
	return resp, nil
}

// authError is Terraform's error for 401 and 403; nil for other codes.
func (b *Backend) authError(code int) error {
	switch code {
	case http.StatusUnauthorized:
		return fmt.Errorf("%s: HTTP remote state endpoint requires auth", b.name)
	case http.StatusForbidden:
		return fmt.Errorf("%s: HTTP remote state endpoint invalid auth", b.name)
	}
	return nil
}

// get returns the stored document, nil when there is none.
func (b *Backend) get(ctx context.Context) ([]byte, error) {
	resp, err := b.request(ctx, http.MethodGet, b.cfg.Address, nil, "get state")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNoContent, http.StatusNotFound:
		return nil, nil
	case http.StatusInternalServerError:
		return nil, fmt.Errorf("%s: HTTP remote state internal server error", b.name)
	default:
		if err := b.authError(resp.StatusCode); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: unexpected HTTP response code %d", b.name, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxStateSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: failed to read remote state: %w", b.name, err)
	}
	if len(data) > maxStateSize {
		return nil, fmt.Errorf("%s: the state is larger than %d MiB: is the address right?", b.name, maxStateSize>>20)
	}
	if raw := resp.Header.Get("Content-MD5"); raw != "" && len(data) > 0 {
		want, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: failed to decode Content-MD5 '%s': %w", b.name, raw, err)
		}
		if sum := md5.Sum(data); !bytes.Equal(want, sum[:]) {
			return nil, fmt.Errorf("%s: the state read does not match its Content-MD5: it was damaged on the way", b.name)
		}
	}
	if len(data) == 0 {
		return nil, nil
	}
	return data, nil
}

// Read returns the stored state, or nil when there is none.
func (b *Backend) Read(ctx context.Context) (*state.State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, err := b.get(ctx)
	if err != nil {
		return nil, err
	}
	if data == nil {
		b.seen = seenDoc{known: true}
		return nil, nil
	}
	st, err := b.cfg.Codec.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: the stored document is not valid state: %w", b.name, err)
	}
	b.seen = seenDoc{known: true, exists: true, sum: md5.Sum(data), lineage: st.Lineage, serial: st.Serial, empty: st.Empty()}
	return st, nil
}

// Write stores s when the stored document is the one this Backend last
// read or wrote (none, when it has not read), and s has its lineage and
// no lower serial; otherwise it fails with an error wrapping
// state.ErrStale and writes nothing. A held lock's ID goes with the write
// (?ID=), as Terraform sends it.
func (b *Backend) Write(ctx context.Context, s *state.State) error {
	data, err := b.cfg.Codec.Encode(s)
	if err != nil {
		return fmt.Errorf("%s: %w", b.name, err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	stored, err := b.get(ctx)
	if err != nil {
		return err
	}
	switch {
	case stored != nil && (!b.seen.exists || md5.Sum(stored) != b.seen.sum):
		return fmt.Errorf("%s: %w: another writer changed it", b.name, state.ErrStale)
	case stored == nil && b.seen.exists:
		return fmt.Errorf("%s: %w: it was deleted", b.name, state.ErrStale)
	}
	if b.seen.exists {
		if err := state.CheckSuccessionOver(b.name, b.seen.lineage, b.seen.serial, b.seen.empty, s); err != nil {
			return err
		}
	}
	address := b.cfg.Address
	if b.lockID != "" {
		u, _ := url.Parse(address)
		q := u.Query()
		q.Set("ID", b.lockID)
		u.RawQuery = q.Encode()
		address = u.String()
	}
	resp, err := b.request(ctx, b.cfg.UpdateMethod, address, data, "upload state")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusCreated, http.StatusNoContent:
	case http.StatusConflict, http.StatusLocked:
		return fmt.Errorf("%s: %w: the endpoint refused the write (HTTP %d): the state is locked by another", b.name, state.ErrStale, resp.StatusCode)
	default:
		if err := b.authError(resp.StatusCode); err != nil {
			return err
		}
		return fmt.Errorf("%s: HTTP error: %d", b.name, resp.StatusCode)
	}
	b.seen = seenDoc{known: true, exists: true, sum: md5.Sum(data), lineage: s.Lineage, serial: s.Serial, empty: s.Empty()}
	return nil
}

// Lock takes the lock at the lock address with info as its body. Without
// a lock address nothing is locked, as in Terraform, and info.ID is
// returned. A lock held by another is a *state.LockError naming it, from
// the lock information the endpoint answers 409 or 423 with.
func (b *Backend) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	held := *info
	if held.ID == "" {
		held.ID = uuid.NewString() // Terraform's lock IDs are UUIDs too
	}
	held.Path = redacted(b.cfg.LockAddress)
	info = &held
	if b.cfg.LockAddress == "" {
		return info.ID, nil
	}
	body, err := json.Marshal(info)
	if err != nil {
		return "", err
	}
	resp, err := b.request(ctx, b.cfg.LockMethod, b.cfg.LockAddress, body, "lock")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		b.mu.Lock()
		b.lockID, b.lockBody, b.lockInfo = info.ID, body, info
		b.mu.Unlock()
		return info.ID, nil
	case http.StatusConflict, http.StatusLocked:
		return "", b.heldError(resp)
	default:
		if err := b.authError(resp.StatusCode); err != nil {
			return "", err
		}
		return "", fmt.Errorf("%s: unexpected HTTP response code %d", b.name, resp.StatusCode)
	}
}

// heldError is the *state.LockError of a refused lock or unlock: the
// holder the endpoint answered with, as Terraform reads it.
func (b *Backend) heldError(resp *http.Response) error {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return &state.LockError{Err: fmt.Errorf("HTTP remote state already locked, failed to read body")}
	}
	var holder state.LockInfo
	if err := json.Unmarshal(data, &holder); err != nil || holder.ID == "" {
		return &state.LockError{Err: fmt.Errorf("HTTP remote state already locked, failed to unmarshal body")}
	}
	holder.Path = redacted(b.cfg.LockAddress)
	return &state.LockError{Info: &holder, Err: fmt.Errorf("HTTP remote state already locked: ID=%s", holder.ID)}
}

// Renew does nothing: the protocol has no leases.
func (b *Backend) Renew(context.Context, string) error { return nil }

// Unlock releases the lock with ID id at the unlock address: with the
// lock information it was taken with when this Backend took it, else
// (force-unlock) with {"ID": id}, so that an endpoint that checks the ID
// refuses a wrong one. Without an unlock address it does nothing.
func (b *Backend) Unlock(ctx context.Context, id string) error {
	if b.cfg.UnlockAddress == "" {
		return nil
	}
	b.mu.Lock()
	body := b.lockBody
	if b.lockID != id {
		body, _ = json.Marshal(map[string]string{"ID": id})
	}
	b.mu.Unlock()
	resp, err := b.request(ctx, b.cfg.UnlockMethod, b.cfg.UnlockAddress, body, "unlock")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent:
		b.mu.Lock()
		if b.lockID == id {
			b.lockID, b.lockBody, b.lockInfo = "", nil, nil
		}
		b.mu.Unlock()
		return nil
	case http.StatusConflict, http.StatusLocked:
		return b.heldError(resp)
	default:
		if err := b.authError(resp.StatusCode); err != nil {
			return err
		}
		return fmt.Errorf("%s: unexpected HTTP response code %d", b.name, resp.StatusCode)
	}
}

// LockInfo returns the lock this Backend holds, nil when it holds none:
// the protocol cannot ask who holds a lock but by trying to take it.
func (b *Backend) LockInfo(context.Context) (*state.LockInfo, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lockInfo, nil
}

// HolderBlind marks the http backend as state.HolderBlind.
func (b *Backend) HolderBlind() {}

// hclogLeveled lets retryablehttp log through hclog.
type hclogLeveled struct{ hclog.Logger }

func (l hclogLeveled) Error(msg string, kv ...any) { l.Logger.Error(msg, kv...) }
func (l hclogLeveled) Info(msg string, kv ...any)  { l.Logger.Debug(msg, kv...) }
func (l hclogLeveled) Debug(msg string, kv ...any) { l.Logger.Trace(msg, kv...) }
func (l hclogLeveled) Warn(msg string, kv ...any)  { l.Logger.Warn(msg, kv...) }
