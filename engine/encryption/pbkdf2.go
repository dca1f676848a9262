package encryption

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"errors"
	"fmt"
	"hash"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// PBKDF2 defaults and limits, OpenTofu's.
const (
	PBKDF2DefaultKeyLength  = 32
	PBKDF2DefaultIterations = 600000
	PBKDF2DefaultSaltLength = 32
	PBKDF2DefaultHash       = "sha512"
	PBKDF2MinIterations     = 200000
	PBKDF2MinPassphrase     = 16
)

var pbkdf2Hashes = map[string]func() hash.Hash{"sha256": sha256.New, "sha512": sha512.New}

// pbkdf2Provider derives keys from a passphrase with PBKDF2 and a random
// salt per encryption.
type pbkdf2Provider struct {
	passphrase                        []byte
	keyLength, iterations, saltLength int
	hashName                          string
}

// pbkdf2Meta is the metadata stored with the encrypted data, field for
// field OpenTofu's.
type pbkdf2Meta struct {
	Salt         []byte `json:"salt"`
	Iterations   int    `json:"iterations"`
	HashFunction string `json:"hash_function"`
	KeyLength    int    `json:"key_length"`
}

var pbkdf2Schema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "passphrase", Required: true},
	{Name: "key_length"}, {Name: "iterations"}, {Name: "salt_length"}, {Name: "hash_function"},
}}

func decodePBKDF2(body hcl.Body, evalCtx *hcl.EvalContext) (keyProvider, hcl.Diagnostics) {
	p := &pbkdf2Provider{keyLength: PBKDF2DefaultKeyLength, iterations: PBKDF2DefaultIterations,
		saltLength: PBKDF2DefaultSaltLength, hashName: PBKDF2DefaultHash}
	content, diags := body.Content(pbkdf2Schema)
	if diags.HasErrors() {
		return nil, diags
	}
	if attr, ok := content.Attributes["passphrase"]; ok {
		var s string
		d := decodeAttr(attr, evalCtx, cty.String, func(v cty.Value) { s = v.AsString() })
		diags = append(diags, d...)
		if !d.HasErrors() && len(s) < PBKDF2MinPassphrase {
			diags = append(diags, attrError(attr, "Passphrase too short",
				fmt.Sprintf("The pbkdf2 passphrase must be at least %d characters long.", PBKDF2MinPassphrase)))
		}
		p.passphrase = []byte(s)
	}
	ints := []struct {
		name string
		into *int
		min  int
		msg  string
	}{
		{"key_length", &p.keyLength, 1, "the key length must be larger than zero"},
		{"iterations", &p.iterations, PBKDF2MinIterations, fmt.Sprintf("the number of iterations is dangerously low (<%d), refusing to generate key", PBKDF2MinIterations)},
		{"salt_length", &p.saltLength, 1, "the salt length must be larger than zero"},
	}
	for _, n := range ints {
		attr, ok := content.Attributes[n.name]
		if !ok {
			continue
		}
		d := decodeAttr(attr, evalCtx, cty.Number, func(v cty.Value) {
			i, _ := v.AsBigFloat().Int64()
			*n.into = int(i)
		})
		diags = append(diags, d...)
		if !d.HasErrors() && *n.into < n.min {
			diags = append(diags, attrError(attr, "Invalid "+n.name, "In key_provider \"pbkdf2\": "+n.msg+"."))
		}
	}
	if attr, ok := content.Attributes["hash_function"]; ok {
		d := decodeAttr(attr, evalCtx, cty.String, func(v cty.Value) { p.hashName = v.AsString() })
		diags = append(diags, d...)
		if _, ok := pbkdf2Hashes[p.hashName]; !d.HasErrors() && !ok {
			diags = append(diags, attrError(attr, "Invalid hash_function", fmt.Sprintf("%q is not supported: use \"sha256\" or \"sha512\".", p.hashName)))
		}
	}
	return p, diags
}

func (p *pbkdf2Provider) encryptionKey(ctx context.Context) ([]byte, any, error) {
	meta := &pbkdf2Meta{Salt: make([]byte, p.saltLength), Iterations: p.iterations, HashFunction: p.hashName, KeyLength: p.keyLength}
	if _, err := rand.Read(meta.Salt); err != nil {
		return nil, nil, fmt.Errorf("generating a salt: %w", err)
	}
	key, err := pbkdf2.Key(pbkdf2Hashes[p.hashName], string(p.passphrase), meta.Salt, meta.Iterations, meta.KeyLength)
	if err != nil {
		return nil, nil, fmt.Errorf("deriving a key: %w", err)
	}
	return key, meta, nil
}

func (p *pbkdf2Provider) decryptionKey(ctx context.Context, raw json.RawMessage) ([]byte, error) {
	var meta pbkdf2Meta
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil, fmt.Errorf("invalid pbkdf2 metadata: %w", err)
	}
	h, ok := pbkdf2Hashes[meta.HashFunction]
	switch {
	case len(meta.Salt) == 0 || meta.Iterations <= 0 || meta.KeyLength <= 0:
		return nil, errors.New("invalid pbkdf2 metadata: salt, iterations and key_length are required")
	case !ok:
		return nil, fmt.Errorf("invalid pbkdf2 metadata: unknown hash function %q", meta.HashFunction)
	case meta.KeyLength > 1024 || meta.Iterations > 100_000_000:
		return nil, errors.New("invalid pbkdf2 metadata: key_length or iterations out of range")
	}
	key, err := pbkdf2.Key(h, string(p.passphrase), meta.Salt, meta.Iterations, meta.KeyLength)
	if err != nil {
		return nil, fmt.Errorf("deriving a key: %w", err)
	}
	return key, nil
}
