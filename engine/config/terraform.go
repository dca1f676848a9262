package config

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var terraformSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "required_version"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "required_providers"},
		{Type: "backend", LabelNames: []string{"type"}},
		{Type: "cloud"},
		{Type: "encryption"},
	},
}

// decodeTerraformBlock merges one terraform block into m.
func (m *Module) decodeTerraformBlock(block *hcl.Block) hcl.Diagnostics {
	content, diags := block.Body.Content(terraformSchema)
	if attr, ok := content.Attributes["required_version"]; ok {
		var s string
		verDiags := decodeString(attr, &s)
		diags = append(diags, verDiags...)
		if !verDiags.HasErrors() {
			m.RequiredVersion = append(m.RequiredVersion, s)
			m.RequiredVersionRanges = append(m.RequiredVersionRanges, attr.Expr.Range())
		}
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "required_providers":
			diags = append(diags, m.decodeRequiredProviders(b)...)
		case "backend":
			diags = append(diags, m.decodeBackend(b)...)
		case "cloud":
			diags = append(diags, cloudUnsupported(b))
		case "encryption":
			diags = append(diags, m.decodeEncryption(b)...)
		}
	}
	return diags
}

// decodeEncryption records terraform { encryption { ... } }; package
// encryption decodes its body.
func (m *Module) decodeEncryption(b *hcl.Block) hcl.Diagnostics {
	if prev := m.Encryption; prev != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate encryption configuration",
			Detail:   fmt.Sprintf("Encryption was already configured at %s. A stack has at most one encryption block.", prev.DeclRange),
			Subject:  b.DefRange.Ptr(),
		}}
	}
	m.Encryption = &Encryption{Body: b.Body, DeclRange: b.DefRange}
	return nil
}

func cloudUnsupported(b *hcl.Block) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  `Unsupported "cloud" block`,
		Detail:   "trueup does not integrate with a hosted Terraform service. Store state with a backend block instead: local, s3, gcs or pg.",
		Subject:  b.DefRange.Ptr(),
	}
}

func (m *Module) decodeBackend(b *hcl.Block) hcl.Diagnostics {
	if prev := m.Backend; prev != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate backend configuration",
			Detail:   fmt.Sprintf("A backend was already configured at %s. A stack has at most one backend.", prev.DeclRange),
			Subject:  b.DefRange.Ptr(),
		}}
	}
	m.Backend = &Backend{Type: b.Labels[0], Config: b.Body, TypeRange: b.LabelRanges[0], DeclRange: b.DefRange}
	return checkName("backend type", b.Labels[0], b.LabelRanges[0])
}

func (m *Module) decodeRequiredProviders(b *hcl.Block) hcl.Diagnostics {
	attrs, diags := b.Body.JustAttributes()
	for _, attr := range sortedAttributes(attrs) {
		rp, rpDiags := decodeRequiredProvider(attr)
		diags = append(diags, rpDiags...)
		if rp == nil {
			continue
		}
		if prev, ok := m.RequiredProviders[rp.Name]; ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate required provider",
				Detail:   fmt.Sprintf("Provider %q was already required at %s.", rp.Name, prev.DeclRange),
				Subject:  attr.NameRange.Ptr(),
			})
			continue
		}
		m.RequiredProviders[rp.Name] = rp
	}
	return diags
}

// decodeRequiredProvider reads NAME = { source = "...", version = "..." }
// or the legacy NAME = "VERSION".
func decodeRequiredProvider(attr *hcl.Attribute) (*RequiredProvider, hcl.Diagnostics) {
	rp := &RequiredProvider{Name: attr.Name, DeclRange: attr.Range}
	diags := checkName("provider", attr.Name, attr.NameRange)
	val, valDiags := attr.Expr.Value(nil)
	if valDiags.HasErrors() {
		return nil, append(diags, invalidRequiredProvider(attr.Expr.Range(), "The value must be an object with source and version strings, written literally, without references."))
	}
	if val.Type() == cty.String && !val.IsNull() {
		rp.Version = val.AsString()
		return rp, diags
	}
	if !val.Type().IsObjectType() || val.IsNull() {
		return nil, append(diags, invalidRequiredProvider(attr.Expr.Range(), "The value must be an object: { source = \"hashicorp/aws\", version = \"~> 5.0\" }."))
	}
	for name := range val.Type().AttributeTypes() {
		v := val.GetAttr(name)
		switch {
		case name != "source" && name != "version":
			diags = append(diags, invalidRequiredProvider(attr.Expr.Range(), fmt.Sprintf("Unexpected argument %q: only source and version are supported.", name)))
		case v.Type() != cty.String || v.IsNull():
			diags = append(diags, invalidRequiredProvider(attr.Expr.Range(), fmt.Sprintf("The %s argument must be a string.", name)))
		case name == "source":
			rp.Source = v.AsString()
		default:
			rp.Version = v.AsString()
		}
	}
	if rp.Source != "" {
		if _, _, _, err := ParseProviderSource(rp.Source); err != nil {
			diags = append(diags, invalidRequiredProvider(attr.Expr.Range(), err.Error()))
		}
	}
	return rp, diags
}

func invalidRequiredProvider(rng hcl.Range, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid required_providers entry",
		Detail:   detail,
		Subject:  rng.Ptr(),
	}
}

// ParseProviderSource splits a provider source address written by a user,
// [HOSTNAME/]NAMESPACE/TYPE, into its parts; host is "" when absent. It
// checks the syntax only: which providers are built in is the engine's
// decision.
func ParseProviderSource(source string) (host, namespace, typ string, err error) {
	parts := strings.Split(source, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return "", "", "", fmt.Errorf("invalid provider source %q: a source is [HOSTNAME/]NAMESPACE/TYPE, like hashicorp/aws", source)
	}
	if len(parts) == 3 {
		host, parts = parts[0], parts[1:]
		if host == "" || strings.ContainsAny(host, " \t") {
			return "", "", "", fmt.Errorf("invalid provider source %q: the hostname is malformed", source)
		}
	}
	namespace, typ = parts[0], parts[1]
	for _, p := range []string{namespace, typ} {
		if !hclsyntax.ValidIdentifier(p) {
			return "", "", "", fmt.Errorf("invalid provider source %q: %q is not a valid namespace or type name", source, p)
		}
	}
	return strings.ToLower(host), strings.ToLower(namespace), strings.ToLower(typ), nil
}
