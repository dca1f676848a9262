package random

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
)

// The character classes of random_string and random_password, as in
// Terraform.
const (
	lowerChars   = "abcdefghijklmnopqrstuvwxyz"
	upperChars   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	numericChars = "0123456789"
	specialChars = "!@#$%&*()-_=+[]{}<>:?"
)

// stringParams are the inputs of generateString.
type stringParams struct {
	Length                                     int
	Upper, Lower, Numeric, Special             bool
	MinUpper, MinLower, MinNumeric, MinSpecial int
	// OverrideSpecial replaces specialChars when not empty.
	OverrideSpecial string
}

// generateString returns Length random characters: at least MinX from each
// class X (whether or not the class is enabled, as in Terraform), the rest
// from the enabled classes, in a random order.
func generateString(p stringParams) (string, error) {
	special := specialChars
	if p.OverrideSpecial != "" {
		special = p.OverrideSpecial
	}
	if minimum := p.MinUpper + p.MinLower + p.MinNumeric + p.MinSpecial; minimum > p.Length {
		return "", fmt.Errorf("length %d is less than the sum of the min_* attributes, %d", p.Length, minimum)
	}
	var pool string
	for _, c := range []struct {
		on    bool
		chars string
	}{{p.Upper, upperChars}, {p.Lower, lowerChars}, {p.Numeric, numericChars}, {p.Special, special}} {
		if c.on {
			pool += c.chars
		}
	}
	out := make([]rune, 0, p.Length)
	for _, m := range []struct {
		chars string
		n     int
	}{{upperChars, p.MinUpper}, {lowerChars, p.MinLower}, {numericChars, p.MinNumeric}, {special, p.MinSpecial}} {
		picked, err := pick([]rune(m.chars), m.n)
		if err != nil {
			return "", err
		}
		out = append(out, picked...)
	}
	rest, err := pick([]rune(pool), p.Length-len(out))
	if err != nil {
		return "", err
	}
	out = append(out, rest...)
	if err := shuffle(out); err != nil {
		return "", err
	}
	return string(out), nil
}

// pick returns n characters chosen uniformly from set.
func pick(set []rune, n int) ([]rune, error) {
	if n > 0 && len(set) == 0 {
		return nil, errors.New("no characters to choose from: enable at least one of upper, lower, numeric or special")
	}
	out := make([]rune, n)
	for i := range out {
		j, err := intn(len(set))
		if err != nil {
			return nil, err
		}
		out[i] = set[j]
	}
	return out, nil
}

// shuffle permutes rs uniformly (Fisher–Yates).
func shuffle(rs []rune) error {
	for i := len(rs) - 1; i > 0; i-- {
		j, err := intn(i + 1)
		if err != nil {
			return err
		}
		rs[i], rs[j] = rs[j], rs[i]
	}
	return nil
}

// intn returns a uniform random int in [0, n) from crypto/rand.
func intn(n int) (int, error) {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, err
	}
	return int(v.Int64()), nil
}
