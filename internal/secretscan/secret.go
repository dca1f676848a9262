package secretscan

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/url"
	"strings"
)

// Secret is one distinctive secret value and the forms it is looked for in.
type Secret struct {
	// Name says what the secret stands for in a report ("db password").
	Name string
	// Value is the secret itself, to hand to trueup.
	Value string
	// Core is the random part of Value; every form but base64 holds it.
	Core  string
	forms []form
}

// form is one encoding of a secret.
type form struct {
	encoding string
	text     string
}

// punctuation is appended to generated secrets so that their escaped
// forms differ from the plain one: a quote and a backslash for JSON, an
// ampersand, a plus, a slash, a space and an equals sign for URLs, angle
// brackets for HTML.
const punctuation = `"&+/ =<>\`

// New returns a secret named name whose value is prefix, a random core of
// 24 hex digits, and punctuation that escapes differently in JSON, URLs
// and HTML. Pass plain=true for a value of the core alone (prefix and
// core), for places that refuse punctuation (a file name, an S3 tag).
func New(name, prefix string, plain bool) Secret {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	core := "S3C" + hex.EncodeToString(b)
	value := prefix + core
	if !plain {
		value += punctuation
	}
	return Known(name, value, core)
}

// Known returns a Secret for a value the test did not make (a password
// random_password generated, a key from the environment). core is the
// part to look for in every non-base64 form; "" means the whole value.
func Known(name, value, core string) Secret {
	if core == "" {
		core = value
	}
	s := Secret{Name: name, Value: value, Core: core}
	add := func(encoding, text string) {
		if len(text) >= 6 {
			s.forms = append(s.forms, form{encoding, text})
		}
	}
	add("plain", core)
	add("plain", value)
	add("JSON-escaped", jsonEscape(value))
	add("URL query-escaped", url.QueryEscape(value))
	add("URL path-escaped", url.PathEscape(value))
	add("HTML-escaped", html.EscapeString(value))
	for _, enc := range []struct {
		name string
		e    *base64.Encoding
	}{{"base64", base64.StdEncoding}, {"base64url", base64.URLEncoding}} {
		for _, text := range base64Forms(enc.e, value) {
			add(enc.name, text)
		}
	}
	return s
}

// jsonEscape is value as it appears inside a JSON string written by
// encoding/json (which also escapes <, > and &).
func jsonEscape(value string) string {
	b, _ := json.Marshal(value)
	return string(b[1 : len(b)-1])
}

// base64Forms returns, for each of the three byte offsets value can start
// at inside a longer encoded text, the run of base64 characters that
// depends on value's bytes alone: whatever surrounds the secret, one of
// these appears in the encoding of any text that holds it.
func base64Forms(enc *base64.Encoding, value string) []string {
	var out []string
	for pad := 0; pad < 3; pad++ {
		text := enc.EncodeToString([]byte(strings.Repeat("\x00", pad) + value))
		text = strings.TrimRight(text, "=")
		// Characters 4k..4k+3 encode bytes 3k..3k+2. Skip the group that
		// holds the padding bytes, and the last group, which may mix in
		// the bytes after value.
		start := 0
		if pad > 0 {
			start = 4
		}
		end := (len(value) + pad) / 3 * 4
		if end > start {
			out = append(out, text[start:end])
		}
	}
	return out
}
