package getproviders

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// HashiCorpKeyID is the ID of the key HashiCorp signs its providers with.
const HashiCorpKeyID = "34365D9472D7468F"

// CheckSignature checks the detached signature sig of the SHA256SUMS file
// sums against the registry's keys and returns what init prints about it:
// "signed by HashiCorp" or "self-signed, key ID ...".
func CheckSignature(sums, sig []byte, keys []SigningKey) (string, error) {
	if len(keys) == 0 {
		return "", fmt.Errorf("the registry gave no signing keys, so the SHA256SUMS signature cannot be checked")
	}
	var lastErr error
	for _, k := range keys {
		ring, err := openpgp.ReadArmoredKeyRing(strings.NewReader(k.ASCIIArmor))
		if err != nil {
			lastErr = fmt.Errorf("reading signing key %s: %w", k.KeyID, err)
			continue
		}
		signer, err := openpgp.CheckDetachedSignature(ring, bytes.NewReader(sums), bytes.NewReader(sig), nil)
		if err != nil {
			lastErr = err
			continue
		}
		id := fmt.Sprintf("%016X", signer.PrimaryKey.KeyId)
		if id == HashiCorpKeyID {
			return "signed by HashiCorp", nil
		}
		return "self-signed, key ID " + id, nil
	}
	return "", fmt.Errorf("the signature of SHA256SUMS does not verify with the registry's signing keys: %v", lastErr)
}
