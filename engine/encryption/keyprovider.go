package encryption

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/hashicorp/hcl/v2"
)

// keyProvider gives a method its keys. encryptionKey returns a new key
// and the metadata to store beside what it encrypts; decryptionKey
// returns the key that metadata stood for.
type keyProvider interface {
	encryptionKey(ctx context.Context) (key []byte, meta any, err error)
	decryptionKey(ctx context.Context, meta json.RawMessage) ([]byte, error)
}

// keyProviderTypes is the one place where key provider types are wired
// in: each decodes its block's body with evalCtx (which holds var.*).
var keyProviderTypes = map[string]func(body hcl.Body, evalCtx *hcl.EvalContext) (keyProvider, hcl.Diagnostics){
	"pbkdf2":  decodePBKDF2,
	"aws_kms": decodeAWSKMS,
}

// keySource is a configured key provider with its encryption key made
// once per process, as OpenTofu does, and decryption keys remembered by
// their metadata, so that repeated reads derive or unwrap a key once.
type keySource struct {
	cfg *KeyProviderConfig
	kp  keyProvider

	encOnce sync.Once
	encKey  []byte
	encMeta json.RawMessage
	encErr  error

	mu  sync.Mutex
	dec map[string][]byte
}

// encryption returns the key to encrypt with and its metadata.
func (s *keySource) encryption(ctx context.Context) ([]byte, json.RawMessage, error) {
	s.encOnce.Do(func() {
		key, meta, err := s.kp.encryptionKey(ctx)
		if err != nil {
			s.encErr = fmt.Errorf("%s: %w", s.cfg.Addr(), err)
			return
		}
		s.encKey = key
		if meta != nil {
			s.encMeta, s.encErr = json.Marshal(meta)
		}
	})
	return s.encKey, s.encMeta, s.encErr
}

// decryption returns the key meta stands for.
func (s *keySource) decryption(ctx context.Context, meta json.RawMessage) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.dec[string(meta)]; ok {
		return k, nil
	}
	k, err := s.kp.decryptionKey(ctx, meta)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.cfg.Addr(), err)
	}
	if s.dec == nil {
		s.dec = map[string][]byte{}
	}
	s.dec[string(meta)] = k
	return k, nil
}
