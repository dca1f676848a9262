package funcs

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"
)

func encodingFuncs() map[string]function.Function {
	return map[string]function.Function{
		"base64decode":     Base64DecodeFunc,
		"base64encode":     Base64EncodeFunc,
		"base64gzip":       Base64GzipFunc,
		"textdecodebase64": TextDecodeBase64Func,
		"textencodebase64": TextEncodeBase64Func,
		"urlencode":        URLEncodeFunc,
	}
}

// stringFunc builds a function of one string returning a string.
func stringFunc(desc, param string, fn func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Description:  desc,
		Params:       stringParams(param),
		Type:         function.StaticReturnType(cty.String),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := fn(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), function.NewArgError(0, err)
			}
			return cty.StringVal(s), nil
		},
	})
}

// Base64EncodeFunc is base64encode(string): the standard Base64 encoding of
// the string's UTF-8 bytes.
var Base64EncodeFunc = stringFunc("Encodes a string in Base64.", "str", func(s string) (string, error) {
	return base64.StdEncoding.EncodeToString([]byte(s)), nil
})

// Base64DecodeFunc is base64decode(string): the string whose UTF-8 bytes
// the Base64 input encodes. Bytes that are not UTF-8 are an error.
var Base64DecodeFunc = stringFunc("Decodes a Base64 string holding UTF-8 text.", "str", func(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("failed to decode base64 data: %w", err)
	}
	if !utf8.Valid(b) {
		return "", errors.New("the result of decoding the provided string is not valid UTF-8")
	}
	return string(b), nil
})

// Base64GzipFunc is base64gzip(string): the string gzip-compressed, then
// Base64-encoded.
var Base64GzipFunc = stringFunc("Compresses a string with gzip and encodes the result in Base64.", "str", func(s string) (string, error) {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write([]byte(s)); err != nil {
		return "", fmt.Errorf("failed to write gzip raw data: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("failed to flush gzip writer: %w", err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
})

// URLEncodeFunc is urlencode(string): the string escaped for a URL query
// (spaces become "+").
var URLEncodeFunc = stringFunc("Escapes a string for use in a URL query.", "str", func(s string) (string, error) {
	return url.QueryEscape(s), nil
})

// TextEncodeBase64Func is textencodebase64(string, encoding_name): the
// string encoded in the named character encoding (an IANA name such as
// "UTF-16LE"), then in Base64.
var TextEncodeBase64Func = function.New(&function.Spec{
	Description:  "Encodes a string in a named character encoding, then in Base64.",
	Params:       stringParams("string", "encoding"),
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		enc, name, err := ianaEncoding(args[1].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(1, err)
		}
		b, err := enc.NewEncoder().Bytes([]byte(args[0].AsString()))
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgErrorf(0, "the given string contains characters that cannot be represented in %s", name)
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
	},
})

// TextDecodeBase64Func is textdecodebase64(source, encoding_name): the
// reverse of textencodebase64.
var TextDecodeBase64Func = function.New(&function.Spec{
	Description:  "Decodes Base64 data holding text in a named character encoding.",
	Params:       stringParams("source", "encoding"),
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		enc, name, err := ianaEncoding(args[1].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(1, err)
		}
		raw, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgErrorf(0, "the given value is not valid base64: %s", err)
		}
		b, err := enc.NewDecoder().Bytes(raw)
		if err != nil || !utf8.Valid(b) || bytes.ContainsRune(b, utf8.RuneError) {
			return cty.UnknownVal(cty.String), function.NewArgErrorf(0, "the given string contains symbols that are not defined for %s", name)
		}
		return cty.StringVal(string(b)), nil
	},
})

// ianaEncoding finds a character encoding by IANA name or alias and
// returns it with its canonical name.
func ianaEncoding(name string) (encoding.Encoding, string, error) {
	enc, err := ianaindex.IANA.Encoding(name)
	if err != nil || enc == nil {
		return nil, "", fmt.Errorf("%q is not a supported IANA encoding name or alias", name)
	}
	canon, err := ianaindex.IANA.Name(enc)
	if err != nil {
		canon = name
	}
	return enc, canon, nil
}
