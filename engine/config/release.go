package config

import (
	"fmt"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ReleaseBody drops the resource block's body (Config) once nothing will
// evaluate it again: a plan that will not be applied in the same process
// releases a resource once every instance of it is planned, an apply once
// every instance of it is applied. A large stack's parsed configuration is
// about a third of its live heap (docs/performance-log.md); released as the
// walk goes, it no longer adds to the peak of what the walk builds.
//
// Afterwards Config is a body whose every method reports an internal error
// naming the resource, so a use after release fails loudly instead of
// seeing an empty body. Count, ForEach and the lifecycle settings stay.
//
// Only a body parsed from native syntax is released (Body can parse it
// again); one from JSON or merged from an override file is kept.
func (r *Resource) ReleaseBody() {
	body, ok := r.Config.(*RemainBody)
	if !ok || len(r.source) == 0 {
		return // JSON, or merged from an override file (mergedSource)
	}
	r.Config = &releasedBody{res: r, body: body.Syntax.SrcRange}
	r.remain = RemainBody{} // Config's storage: it would keep the body
}

// Body returns Config, or, when ReleaseBody dropped it, the body parsed
// again from the file's bytes, without the meta-arguments, for the rare
// reader after the walk (the plan's relevant attributes, from the changed
// resources back through what they refer to). Nothing keeps the parsed
// body: each call parses it again.
func (r *Resource) Body() hcl.Body {
	rb, ok := r.Config.(*releasedBody)
	if !ok {
		return r.Config
	}
	src, rng := rb.res.source, rb.body
	// A block's body spans its braces; a single-line block's (a { b = 1 })
	// is its one argument's range, which hcl parses without them.
	start, end := rng.Start, rng.End.Byte
	braces := src[start.Byte] == '{'
	if braces {
		start = hcl.Pos{Line: start.Line, Column: start.Column + 1, Byte: start.Byte + 1}
		end--
	}
	file, diags := hclsyntax.ParseConfig(src[start.Byte:end], rng.Filename, start)
	if diags.HasErrors() || file == nil {
		return rb // it parsed when loaded: not expected
	}
	// The ranges as parsed with the block (what MissingItemRange reports).
	body := file.Body.(*hclsyntax.Body)
	body.SrcRange, body.EndRange = rng, hcl.Range{Filename: rng.Filename, Start: rng.End, End: rng.End}
	return HideMetaArguments(body, r.Mode)
}

// mergedSource is the source of a resource merged from an override file:
// its body is not the one at its place in the file, so it is not released.
var mergedSource = []byte{}

// IsBodyReleased reports whether ReleaseBody dropped r's body.
func (r *Resource) IsBodyReleased() bool {
	_, ok := r.Config.(*releasedBody)
	return ok
}

// releasedBody stands in for a body that ReleaseBody dropped. It is all
// that is left of every resource block for the rest of a large walk: it
// points back at its resource (for the file's bytes, the address and the
// declaration) instead of holding copies of them, a third of the size.
type releasedBody struct {
	res *Resource
	// body is the released body's range in res.source.
	body hcl.Range
}

func (b *releasedBody) err() hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Internal error: configuration used after release",
		Detail: fmt.Sprintf("The body of %s was released once its instances were done, and then evaluated again. "+
			"This is a bug in trueup; please report it.", b.res.Addr()),
		Subject: b.res.DeclRange.Ptr(),
	}}
}

// Content reports the internal error.
func (b *releasedBody) Content(*hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	return &hcl.BodyContent{MissingItemRange: b.res.DeclRange}, b.err()
}

// PartialContent reports the internal error.
func (b *releasedBody) PartialContent(*hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	return &hcl.BodyContent{MissingItemRange: b.res.DeclRange}, b, b.err()
}

// JustAttributes reports the internal error.
func (b *releasedBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	return nil, b.err()
}

// MissingItemRange is the resource block's declaration.
func (b *releasedBody) MissingItemRange() hcl.Range { return b.res.DeclRange }

// sourceOnly is what a module keeps of a native-syntax file once its blocks
// are decoded: the bytes that diagnostics quote, and a navigation (the
// "in resource ..." line of a diagnostic) that parses them again when first
// asked. The parsed tree would otherwise keep every block's body alive for
// the whole run, including the ones ReleaseBody dropped.
func sourceOnly(f *hcl.File, filename string) *hcl.File {
	if _, ok := f.Body.(*hclsyntax.Body); !ok {
		return f // JSON: kept whole
	}
	return &hcl.File{Bytes: f.Bytes, Nav: &sourceNav{filename: filename, src: f.Bytes}}
}

// sourceNav is a file's navigation, parsed again from its bytes on first use.
type sourceNav struct {
	filename string
	src      []byte
	once     sync.Once
	nav      any
}

func (n *sourceNav) parsed() any {
	n.once.Do(func() {
		if f, _ := hclsyntax.ParseConfig(n.src, n.filename, hcl.InitialPos); f != nil {
			n.nav = f.Nav
		}
	})
	return n.nav
}

// ContextString names the top-level block around offset ("resource
// \"null_resource\" \"a\"" as hclsyntax's navigation names it).
func (n *sourceNav) ContextString(offset int) string {
	if c, ok := n.parsed().(interface{ ContextString(int) string }); ok {
		return c.ContextString(offset)
	}
	return ""
}

// ContextDefRange is the definition range of the top-level block around
// offset.
func (n *sourceNav) ContextDefRange(offset int) hcl.Range {
	if c, ok := n.parsed().(interface{ ContextDefRange(int) hcl.Range }); ok {
		return c.ContextDefRange(offset)
	}
	return hcl.Range{}
}
