package modsrc

import (
	"regexp"
	"sync"
)

var (
	urlPassword = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(://[^/@:?#]*):[^/@?#]*@`) })
	secretQuery = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`((?:^|[?&])(?:sshkey|token|access_token|password|X-Amz-Signature|X-Goog-Signature|sig)=)[^&]*`)
	})
)

// Redact returns an address fit to show: a password in a URL's user
// information and the values of secret query arguments (sshkey=, token=,
// signatures of pre-signed URLs) become "***". The manifest keeps the
// address as written; progress lines and errors show this form.
func Redact(addr string) string {
	addr = urlPassword().ReplaceAllString(addr, "$1:***@")
	return secretQuery().ReplaceAllString(addr, "${1}***")
}
