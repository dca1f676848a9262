package encryption

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// method encrypts and decrypts a payload. meta holds the key providers'
// metadata, by metadata key: encrypt fills it, decrypt reads it.
type method interface {
	encrypt(ctx context.Context, data []byte, meta map[string][]byte) ([]byte, error)
	decrypt(ctx context.Context, data []byte, meta map[string][]byte) ([]byte, error)
}

// unencrypted is the method that stores data as it is: it only ever
// appears in a target, for migrating to or from encryption.
type unencrypted struct{}

func (unencrypted) encrypt(_ context.Context, data []byte, _ map[string][]byte) ([]byte, error) {
	return data, nil
}

func (unencrypted) decrypt(_ context.Context, data []byte, _ map[string][]byte) ([]byte, error) {
	return data, nil
}

// aesGCM is AES in Galois/Counter Mode with a random 12-byte nonce
// prepended to the sealed data, as OpenTofu's aes_gcm writes it.
type aesGCM struct {
	keys *keySource
	aad  []byte
}

// methodTypes is the one place where method types are wired in.
var methodTypes = map[string]func(body hcl.Body, evalCtx *hcl.EvalContext, keys map[string]*keySource) (method, hcl.Diagnostics){
	"aes_gcm": decodeAESGCM,
	"unencrypted": func(body hcl.Body, _ *hcl.EvalContext, _ map[string]*keySource) (method, hcl.Diagnostics) {
		_, diags := body.Content(&hcl.BodySchema{})
		return unencrypted{}, diags
	},
}

func decodeAESGCM(body hcl.Body, evalCtx *hcl.EvalContext, keys map[string]*keySource) (method, hcl.Diagnostics) {
	content, diags := body.Content(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "keys", Required: true}, {Name: "aad"}}})
	if diags.HasErrors() {
		return nil, diags
	}
	m := &aesGCM{}
	attr := content.Attributes["keys"]
	trav, d := hcl.AbsTraversalForExpr(attr.Expr)
	addr := ""
	if !d.HasErrors() && len(trav) == 3 && trav.RootName() == "key_provider" {
		t, ok1 := trav[1].(hcl.TraverseAttr)
		n, ok2 := trav[2].(hcl.TraverseAttr)
		if ok1 && ok2 {
			addr = "key_provider." + t.Name + "." + n.Name
		}
	}
	if addr == "" {
		return nil, append(diags, attrError(attr, "Invalid keys reference", "keys must refer to a key provider: keys = key_provider.TYPE.NAME."))
	}
	if m.keys = keys[addr]; m.keys == nil {
		return nil, append(diags, attrError(attr, "Reference to undeclared key provider",
			fmt.Sprintf("There is no %s block declared in the encryption block.", addr)))
	}
	if a, ok := content.Attributes["aad"]; ok {
		diags = append(diags, decodeAttr(a, evalCtx, cty.List(cty.Number), func(v cty.Value) {
			for _, e := range v.AsValueSlice() {
				i, _ := e.AsBigFloat().Int64()
				m.aad = append(m.aad, byte(i))
			}
		})...)
	}
	return m, diags
}

func (m *aesGCM) encrypt(ctx context.Context, data []byte, meta map[string][]byte) ([]byte, error) {
	key, keyMeta, err := m.keys.encryption(ctx)
	if err != nil {
		return nil, err
	}
	gcm, err := newGCM(key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.keys.cfg.Addr(), err)
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("generating a nonce: %w", err)
	}
	if keyMeta != nil {
		meta[m.keys.cfg.metaKey()] = keyMeta
	}
	return gcm.Seal(nonce, nonce, data, m.aad), nil
}

// errWrongKey is what a failed authentication means: another key, or
// data changed since it was encrypted.
var errWrongKey = errors.New("the key does not match (wrong passphrase or key, or the data was changed)")

func (m *aesGCM) decrypt(ctx context.Context, data []byte, meta map[string][]byte) ([]byte, error) {
	keyMeta, ok := meta[m.keys.cfg.metaKey()]
	if !ok {
		return nil, fmt.Errorf("the encrypted data holds no key metadata for %s (it was encrypted with another key provider: keep the old one in a fallback, or set encrypted_metadata_alias)", m.keys.cfg.metaKey())
	}
	key, err := m.keys.decryption(ctx, json.RawMessage(keyMeta))
	if err != nil {
		return nil, err
	}
	gcm, err := newGCM(key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.keys.cfg.Addr(), err)
	}
	if len(data) < gcm.NonceSize() {
		return nil, errors.New("the encrypted data is too short (truncated?)")
	}
	plain, err := gcm.Open(nil, data[:gcm.NonceSize()], data[gcm.NonceSize():], m.aad)
	if err != nil {
		return nil, errWrongKey
	}
	return plain, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	switch len(key) {
	case 16, 24, 32:
	default:
		return nil, fmt.Errorf("AES-GCM needs a key of 16, 24 or 32 bytes, and the key provider gave %d bytes", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
