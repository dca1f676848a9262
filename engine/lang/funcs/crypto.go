package funcs

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"

	"github.com/google/uuid"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/gocty"
	"golang.org/x/crypto/bcrypt"
)

func cryptoFuncs() map[string]function.Function {
	return map[string]function.Function{
		"md5":          hashFunc("MD5", md5.New, hex.EncodeToString),
		"sha1":         hashFunc("SHA-1", sha1.New, hex.EncodeToString),
		"sha256":       hashFunc("SHA-256", sha256.New, hex.EncodeToString),
		"sha512":       hashFunc("SHA-512", sha512.New, hex.EncodeToString),
		"base64sha256": hashFunc("SHA-256", sha256.New, base64.StdEncoding.EncodeToString),
		"base64sha512": hashFunc("SHA-512", sha512.New, base64.StdEncoding.EncodeToString),
		"bcrypt":       BcryptFunc,
		"uuid":         UUIDFunc,
		"uuidv5":       UUIDV5Func,
	}
}

// hashFunc builds md5, sha256, base64sha256, ...: the digest of a string's
// UTF-8 bytes, encoded by enc (hex or Base64).
func hashFunc(algo string, newHash func() hash.Hash, enc func([]byte) string) function.Function {
	return stringFunc("Returns the "+algo+" digest of a string.", "str", func(s string) (string, error) {
		return digest(newHash, enc, []byte(s)), nil
	})
}

func digest(newHash func() hash.Hash, enc func([]byte) string, b []byte) string {
	h := newHash()
	h.Write(b)
	return enc(h.Sum(nil))
}

// BcryptFunc is bcrypt(string, cost): the bcrypt hash of the string, cost
// 10 unless given. The salt is random, so the function is impure.
var BcryptFunc = function.New(&function.Spec{
	Description:  "Returns the bcrypt hash of a string.",
	Params:       stringParams("str"),
	VarParam:     &function.Parameter{Name: "cost", Type: cty.Number},
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		cost := bcrypt.DefaultCost
		switch len(args) {
		case 1:
		case 2:
			if err := gocty.FromCtyValue(args[1], &cost); err != nil {
				return cty.UnknownVal(cty.String), function.NewArgError(1, err)
			}
		default:
			return cty.UnknownVal(cty.String), fmt.Errorf("bcrypt() takes no more than two arguments")
		}
		h, err := bcrypt.GenerateFromPassword([]byte(args[0].AsString()), cost)
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("error occurred generating password: %w", err)
		}
		return cty.StringVal(string(h)), nil
	},
})

// UUIDFunc is uuid(): a random (version 4) UUID. Impure.
var UUIDFunc = function.New(&function.Spec{
	Description:  "Returns a random UUID.",
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		u, err := uuid.NewRandom()
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(u.String()), nil
	},
})

// UUIDV5Func is uuidv5(namespace, name): the name-based (SHA-1, version 5)
// UUID of name in namespace, which is "dns", "url", "oid", "x500" or a UUID.
var UUIDV5Func = function.New(&function.Spec{
	Description:  "Returns the name-based (version 5) UUID of a name in a namespace.",
	Params:       stringParams("namespace", "name"),
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var ns uuid.UUID
		switch s := args[0].AsString(); s {
		case "dns":
			ns = uuid.NameSpaceDNS
		case "url":
			ns = uuid.NameSpaceURL
		case "oid":
			ns = uuid.NameSpaceOID
		case "x500":
			ns = uuid.NameSpaceX500
		default:
			var err error
			if ns, err = uuid.Parse(s); err != nil {
				return cty.UnknownVal(cty.String), function.NewArgErrorf(0, "uuidv5() doesn't support namespace %s (%v)", s, err)
			}
		}
		return cty.StringVal(uuid.NewSHA1(ns, []byte(args[1].AsString())).String()), nil
	},
})
