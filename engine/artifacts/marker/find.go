package marker

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// skipDirs are directories Find never enters.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true}

// IsConfigFile reports whether a file name can hold markers: native-syntax
// configuration (.tf) and variable files (.tfvars). JSON has no comments.
func IsConfigFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfvars")
}

// Find reads every .tf and .tfvars file under root (skipping .git and
// .terraform) and returns its markers in file and line order, the parsed
// files (to print diagnostics with their source lines) and every problem.
func Find(root string) ([]Marker, map[string]*hcl.File, hcl.Diagnostics) {
	var (
		all   []Marker
		diags hcl.Diagnostics
		files = map[string]*hcl.File{}
	)
	var names []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && skipDirs[d.Name()] {
			return filepath.SkipDir
		}
		if !d.IsDir() && IsConfigFile(d.Name()) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, files, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read the configuration directory", Detail: err.Error()})
	}
	sort.Strings(names)
	for _, p := range names {
		src, err := os.ReadFile(p)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read a configuration file", Detail: err.Error()})
			continue
		}
		rel, _ := filepath.Rel(root, p)
		ms, f, ds := FindFile(p, filepath.ToSlash(rel), src)
		if f != nil {
			files[p] = f
		}
		all = append(all, ms...)
		diags = append(diags, ds...)
	}
	return all, files, diags
}

// FindFile finds the markers in one file's source. filename names the file
// in diagnostics; rel is the path recorded in each Marker.
func FindFile(filename, rel string, src []byte) ([]Marker, *hcl.File, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, f, diags
	}
	comments, ds := markerComments(src, filename)
	diags = append(diags, ds...)
	if len(comments) == 0 {
		return nil, f, diags
	}
	attrs := attributesByLine(f.Body.(*hclsyntax.Body), nil, "")
	var out []Marker
	for _, c := range comments {
		a, ok := attrs[c.rng.Start.Line]
		if !ok {
			diags = append(diags, errorAt(c.rng, "Artifact marker not on an attribute",
				fmt.Sprintf("The marker for %q must be on the line of an attribute whose value is a string, for example: image = \"registry.example.com/web:1.4.2\" # trueup:artifact %s", c.name, c.name)))
			continue
		}
		value, ok := plainString(a.attr.Expr, src)
		if !ok {
			diags = append(diags, errorAt(a.attr.Expr.Range(), "Artifact marker on a value that is not a string",
				fmt.Sprintf("The attribute %s is marked for the artifact %q, but its value is not a single quoted string without interpolation: trueup can only rewrite such a string.", a.attr.Name, c.name)))
			continue
		}
		out = append(out, Marker{Name: c.name, File: rel, Attribute: a.attr.Name, Block: a.block, Value: value,
			Range: a.attr.Expr.Range(), path: a.path})
	}
	return out, f, diags
}

type comment struct {
	name string
	rng  hcl.Range
}

// markerComments lexes src and returns its marker comments.
func markerComments(src []byte, filename string) ([]comment, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	toks, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	var out []comment
	for _, t := range toks {
		if t.Type != hclsyntax.TokenComment {
			continue
		}
		text := strings.TrimSpace(string(t.Bytes))
		m := markerComment().FindStringSubmatch(text)
		if m == nil {
			continue
		}
		// The token holds the line's newline: point at the text only.
		t.Range.End = hcl.Pos{Line: t.Range.Start.Line, Column: t.Range.Start.Column + len(text), Byte: t.Range.Start.Byte + len(text)}
		if !validName().MatchString(m[1]) {
			diags = append(diags, errorAt(t.Range, "Invalid artifact marker",
				fmt.Sprintf("%q does not name an artifact: write \"# trueup:artifact NAME\", where NAME starts with a letter and holds letters, digits, '_' and '-'.", text)))
			continue
		}
		out = append(out, comment{name: m[1], rng: t.Range})
	}
	return out, diags
}

type located struct {
	attr  *hclsyntax.Attribute
	block string
	path  []int
}

// attributesByLine maps each line on which an attribute's value ends to
// that attribute, through nested blocks.
func attributesByLine(body *hclsyntax.Body, path []int, block string) map[int]located {
	out := map[int]located{}
	for _, a := range body.Attributes {
		out[a.Expr.Range().End.Line] = located{attr: a, block: block, path: path}
	}
	for i, b := range body.Blocks {
		name := strings.TrimSpace(block + " " + blockTitle(b))
		sub := append(append([]int(nil), path...), i)
		for line, a := range attributesByLine(b.Body, sub, name) {
			out[line] = a
		}
	}
	return out
}

func blockTitle(b *hclsyntax.Block) string {
	parts := []string{b.Type}
	for _, l := range b.Labels {
		parts = append(parts, fmt.Sprintf("%q", l))
	}
	return strings.Join(parts, " ")
}

// plainString returns the value of a single quoted string with no
// interpolation or directive.
func plainString(e hclsyntax.Expression, src []byte) (string, bool) {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return "", false
	}
	r := t.SrcRange
	if r.Start.Byte >= len(src) || src[r.Start.Byte] != '"' {
		return "", false // a heredoc
	}
	var sb strings.Builder
	for _, p := range t.Parts {
		lit, ok := p.(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.Type() != cty.String {
			return "", false
		}
		sb.WriteString(lit.Val.AsString())
	}
	return sb.String(), true
}

func errorAt(rng hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}
}
