package depsfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/trueup/trueup/engine/getproviders"
)

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{{Type: "provider", LabelNames: []string{"source_addr"}}},
}

var providerSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "version", Required: true},
		{Name: "constraints"},
		{Name: "hashes"},
	},
}

// LoadFile reads a lock file; a missing file gives empty locks.
func LoadFile(path string) (*Locks, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return NewLocks(), nil
	}
	if err != nil {
		return NewLocks(), hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read the dependency lock file", Detail: err.Error()}}
	}
	return LoadBytes(src, path)
}

// LoadBytes parses a lock file's bytes; filename is used in diagnostics.
func LoadBytes(src []byte, filename string) (*Locks, hcl.Diagnostics) {
	locks := NewLocks()
	f, diags := hclparse.NewParser().ParseHCL(src, filename)
	if diags.HasErrors() {
		return locks, diags
	}
	content, moreDiags := f.Body.Content(fileSchema)
	diags = append(diags, moreDiags...)
	for _, b := range content.Blocks {
		lock, blockDiags := decodeProviderBlock(b)
		diags = append(diags, blockDiags...)
		if lock == nil {
			continue
		}
		if prev := locks.Provider(lock.Provider); prev != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Duplicate provider lock",
				Detail:  fmt.Sprintf("This lock file already has an entry for %s.", lock.Provider),
				Subject: b.LabelRanges[0].Ptr(),
			})
			continue
		}
		locks.providers[lock.Provider] = lock
	}
	return locks, diags
}

func decodeProviderBlock(b *hcl.Block) (*ProviderLock, hcl.Diagnostics) {
	addr, err := getproviders.ParseProvider(b.Labels[0])
	if err == nil && addr.String() != b.Labels[0] {
		err = fmt.Errorf("the address must be written in full, as %q", addr.String())
	}
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid provider source address", Detail: err.Error(), Subject: b.LabelRanges[0].Ptr()}}
	}
	content, diags := b.Body.Content(providerSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	lock := &ProviderLock{Provider: addr}
	var raw string
	if d := decodeAttr(content.Attributes["version"], &raw); d != nil {
		return nil, append(diags, d)
	}
	v, err := getproviders.ParseVersion(raw)
	if err != nil {
		return nil, append(diags, attrDiag(content.Attributes["version"], "Invalid provider version", err.Error()))
	}
	lock.Version = v
	if attr, ok := content.Attributes["constraints"]; ok {
		if d := decodeAttr(attr, &lock.Constraints); d != nil {
			return nil, append(diags, d)
		}
		if _, err := getproviders.ParseConstraints(lock.Constraints); err != nil {
			return nil, append(diags, attrDiag(attr, "Invalid provider version constraints", err.Error()))
		}
	}
	if attr, ok := content.Attributes["hashes"]; ok {
		var hashes []string
		if d := decodeAttr(attr, &hashes); d != nil {
			return nil, append(diags, d)
		}
		for _, h := range hashes {
			lock.Hashes = append(lock.Hashes, getproviders.Hash(h))
		}
		lock.Hashes = getproviders.Hashes(lock.Hashes).Normalize()
	}
	return lock, diags
}

func decodeAttr(attr *hcl.Attribute, target any) *hcl.Diagnostic {
	val, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		return diags[0]
	}
	ty, _ := gocty.ImpliedType(target)
	conv, err := convert.Convert(val, ty)
	if err == nil {
		err = gocty.FromCtyValue(conv, target)
	}
	if err != nil {
		return attrDiag(attr, "Invalid lock file value", fmt.Sprintf("The %s argument has the wrong type: %s.", attr.Name, err))
	}
	return nil
}

func attrDiag(attr *hcl.Attribute, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: attr.Expr.Range().Ptr()}
}

// SaveBytes renders locks exactly as Terraform does.
func SaveBytes(locks *Locks) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	body.AppendUnstructuredTokens(hclwrite.Tokens{
		{Type: hclsyntax.TokenComment, Bytes: []byte("# This file is maintained automatically by \"terraform init\".\n")},
		{Type: hclsyntax.TokenComment, Bytes: []byte("# Manual edits may be lost in future updates.\n")},
	})
	for _, lock := range locks.AllProviders() {
		body.AppendNewline()
		block := body.AppendNewBlock("provider", []string{lock.Provider.String()}).Body()
		block.SetAttributeValue("version", cty.StringVal(lock.Version.String()))
		if lock.Constraints != "" {
			block.SetAttributeValue("constraints", cty.StringVal(lock.Constraints))
		}
		if len(lock.Hashes) > 0 {
			block.SetAttributeRaw("hashes", hashTokens(lock.Hashes))
		}
	}
	return f.Bytes()
}

// hashTokens writes one hash per line, each followed by a comma.
func hashTokens(hashes []getproviders.Hash) hclwrite.Tokens {
	toks := hclwrite.Tokens{
		{Type: hclsyntax.TokenOBrack, Bytes: []byte("[")},
		{Type: hclsyntax.TokenNewline, Bytes: []byte("\n")},
	}
	for _, h := range hashes {
		toks = append(toks, hclwrite.TokensForValue(cty.StringVal(string(h)))...)
		toks = append(toks,
			&hclwrite.Token{Type: hclsyntax.TokenComma, Bytes: []byte(",")},
			&hclwrite.Token{Type: hclsyntax.TokenNewline, Bytes: []byte("\n")})
	}
	return append(toks, &hclwrite.Token{Type: hclsyntax.TokenCBrack, Bytes: []byte("]")})
}

// SaveFile writes locks to path atomically (a temporary file renamed over
// the old one), mode 0644 as Terraform writes it.
func SaveFile(locks *Locks, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".terraform.lock.hcl.*")
	if err != nil {
		return fmt.Errorf("writing the dependency lock file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(SaveBytes(locks)); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the dependency lock file: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
