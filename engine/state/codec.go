package state

import (
	"bytes"
	"errors"
	"io"
)

// Sealer protects state bytes at rest. Seal turns the encoded document
// into the bytes a backend stores; Open turns stored bytes back into the
// encoded document. Engine package encryption implements it (OpenTofu's
// encrypted state format); a nil Sealer stores the document as it is.
//
// Open must fail, with an error that names no key material, when it
// cannot return the document (a wrong key, a tampered object); Seal must
// fail rather than return the document unprotected when the
// configuration forbids it.
type Sealer interface {
	Seal(doc []byte) ([]byte, error)
	Open(stored []byte) ([]byte, error)
}

// Codec is the byte boundary between the state document and a backend:
// every backend turns a State into stored bytes with Encode and stored
// bytes into a State with Decode, never with the package functions
// directly, so that encryption works in every backend alike. The zero
// Codec stores the plain document.
type Codec struct {
	// Sealer, when set, seals what Encode returns and opens what Decode
	// is given.
	Sealer Sealer
}

// Encode encodes s and seals the result.
func (c Codec) Encode(s *State) ([]byte, error) {
	b, err := Encode(s)
	if err != nil || c.Sealer == nil {
		return b, err
	}
	return c.Sealer.Seal(b)
}

// EncodeTo writes what Encode returns to w. Without a Sealer the
// document goes to w as it is encoded (EncodeTo of the package), never
// held whole; a Sealer seals the whole document first.
func (c Codec) EncodeTo(w io.Writer, s *State) error {
	if c.Sealer == nil {
		return EncodeTo(w, s)
	}
	b, err := c.Encode(s)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Decode opens b and decodes the document inside.
func (c Codec) Decode(b []byte) (*State, error) {
	doc, err := c.Open(b)
	if err != nil {
		return nil, err
	}
	s, err := Decode(doc)
	if err != nil && c.Sealer == nil && bytes.Contains(b, []byte(`"encryption_version"`)) {
		return nil, errors.New("the state is encrypted, and no state encryption is configured: " +
			"add the terraform { encryption { ... } } block (or TF_ENCRYPTION) that encrypted it")
	}
	return s, err
}

// Open returns the document b holds: b itself without a Sealer.
func (c Codec) Open(b []byte) ([]byte, error) {
	if c.Sealer == nil {
		return b, nil
	}
	return c.Sealer.Open(b)
}

// Reseal returns stored bytes sealed the way Encode seals: a document
// stored under a fallback method (a plain state being migrated, an old
// key being rotated out) is opened and sealed again with the current
// method, so that a copy kept of it (the local backend's PATH.backup)
// needs no key the state itself no longer needs and holds nothing in
// clear that the state encrypts. Bytes it cannot open are returned as
// they are.
func (c Codec) Reseal(stored []byte) []byte {
	if c.Sealer == nil {
		return stored
	}
	doc, err := c.Sealer.Open(stored)
	if err != nil {
		return stored
	}
	sealed, err := c.Sealer.Seal(doc)
	if err != nil {
		return stored
	}
	return sealed
}
