package getmodules

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/url"
	"os"
	"strings"
)

// verifyChecksum checks file against u's ?checksum=[TYPE:]HEX, as
// go-getter does (TYPE md5, sha1, sha256 or sha512; guessed from the
// length when absent). No checksum argument means nothing to check.
func verifyChecksum(u *url.URL, file string) error {
	want := u.Query().Get("checksum")
	if want == "" {
		return nil
	}
	h, sum, err := checksumHash(want)
	if err != nil {
		return err
	}
	fh, err := os.Open(file)
	if err != nil {
		return err
	}
	defer fh.Close()
	if _, err := io.Copy(h, fh); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return fmt.Errorf("%w: checksums did not match for %s: expected %s, got %s", ErrChecksum, redactURL(u), sum, got)
	}
	return nil
}

// checksumHash parses "[TYPE:]HEX".
func checksumHash(v string) (hash.Hash, string, error) {
	kind, sum, ok := strings.Cut(v, ":")
	if !ok {
		sum = kind
		kind = map[int]string{32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}[len(v)]
	}
	sum = strings.ToLower(sum)
	if _, err := hex.DecodeString(sum); err != nil {
		return nil, "", fmt.Errorf("invalid checksum %q: not hexadecimal", v)
	}
	switch kind {
	case "md5":
		return md5.New(), sum, nil
	case "sha1":
		return sha1.New(), sum, nil
	case "sha256":
		return sha256.New(), sum, nil
	case "sha512":
		return sha512.New(), sum, nil
	case "file":
		return nil, "", fmt.Errorf("checksum files (checksum=file:URL) are %w", ErrNotSupported)
	}
	return nil, "", fmt.Errorf("invalid checksum %q: unknown type %q (use md5, sha1, sha256 or sha512)", v, kind)
}
