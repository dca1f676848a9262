package local

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"

	"github.com/zclconf/go-cty/cty"
)

// checksumAttributes are the computed attributes derived from a file's
// content, shared by the resources and the data sources.
var checksumAttributes = []string{
	"id", "content_md5", "content_sha1", "content_sha256",
	"content_base64sha256", "content_sha512", "content_base64sha512",
}

// checksums returns the values of checksumAttributes for content. As in
// Terraform, id is the hex SHA-1 of the content.
func checksums(content []byte) map[string]cty.Value {
	md5Sum := md5.Sum(content)
	sha1Sum := sha1.Sum(content)
	sha256Sum := sha256.Sum256(content)
	sha512Sum := sha512.Sum512(content)
	return map[string]cty.Value{
		"id":                   cty.StringVal(hex.EncodeToString(sha1Sum[:])),
		"content_md5":          cty.StringVal(hex.EncodeToString(md5Sum[:])),
		"content_sha1":         cty.StringVal(hex.EncodeToString(sha1Sum[:])),
		"content_sha256":       cty.StringVal(hex.EncodeToString(sha256Sum[:])),
		"content_base64sha256": cty.StringVal(base64.StdEncoding.EncodeToString(sha256Sum[:])),
		"content_sha512":       cty.StringVal(hex.EncodeToString(sha512Sum[:])),
		"content_base64sha512": cty.StringVal(base64.StdEncoding.EncodeToString(sha512Sum[:])),
	}
}

// sha1Hex returns the hex SHA-1 of content: a file's id.
func sha1Hex(content []byte) string {
	sum := sha1.Sum(content)
	return hex.EncodeToString(sum[:])
}
