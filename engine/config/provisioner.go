package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// ProvisionerWhen says when a provisioner runs.
type ProvisionerWhen int

const (
	// ProvisionAtCreate runs the provisioner after the object is created.
	ProvisionAtCreate ProvisionerWhen = iota
	// ProvisionAtDestroy runs it before the object is destroyed.
	ProvisionAtDestroy
)

// ProvisionerOnFailure says what a failed provisioner does to the apply.
type ProvisionerOnFailure int

const (
	// ProvisionerFail fails the resource: a new object is tainted, a
	// destroy does not happen.
	ProvisionerFail ProvisionerOnFailure = iota
	// ProvisionerContinue ignores the failure.
	ProvisionerContinue
)

// ProvisionerTypes are the provisioners trueup runs.
var ProvisionerTypes = []string{"local-exec", "file", "remote-exec"}

// Provisioner is a provisioner block of a resource.
type Provisioner struct {
	// Type is local-exec, file or remote-exec.
	Type string
	// Config is the body less when, on_failure and connection; it is
	// evaluated with self bound to the resource instance.
	Config hcl.Body
	// Connection is the provisioner's own connection block, nil when it
	// uses the resource's.
	Connection *Connection
	When       ProvisionerWhen
	OnFailure  ProvisionerOnFailure
	DeclRange  hcl.Range
	TypeRange  hcl.Range
}

// Connection is a connection block: how file and remote-exec reach the
// machine. Config is evaluated with self bound to the resource instance.
type Connection struct {
	Config    hcl.Body
	DeclRange hcl.Range
}

var provisionerSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "when"}, {Name: "on_failure"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "connection"}, {Type: "lifecycle"}, {Type: "_"}},
}

// decodeProvisioner reads a provisioner block.
func decodeProvisioner(block *hcl.Block) (*Provisioner, hcl.Diagnostics) {
	p := &Provisioner{Type: block.Labels[0], DeclRange: block.DefRange, TypeRange: block.LabelRanges[0]}
	var diags hcl.Diagnostics
	if !isProvisionerType(p.Type) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid provisioner type",
			Detail:   fmt.Sprintf("trueup runs the provisioners local-exec, file and remote-exec; %q is not one of them.", p.Type),
			Subject:  block.LabelRanges[0].Ptr(),
		})
	}
	content, remain, moreDiags := block.Body.PartialContent(provisionerSchema)
	diags = append(diags, moreDiags...)
	p.Config = remain
	if attr, ok := content.Attributes["when"]; ok {
		switch hcl.ExprAsKeyword(attr.Expr) {
		case "create":
		case "destroy":
			p.When = ProvisionAtDestroy
		default:
			diags = append(diags, keywordDiag("when", "create or destroy", attr.Expr.Range()))
		}
	}
	if attr, ok := content.Attributes["on_failure"]; ok {
		switch hcl.ExprAsKeyword(attr.Expr) {
		case "fail":
		case "continue":
			p.OnFailure = ProvisionerContinue
		default:
			diags = append(diags, keywordDiag("on_failure", "continue or fail", attr.Expr.Range()))
		}
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "connection":
			if p.Connection != nil {
				diags = append(diags, duplicateBlock("connection", p.Connection.DeclRange, b.DefRange))
				continue
			}
			p.Connection = &Connection{Config: b.Body, DeclRange: b.DefRange}
		default:
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Reserved block type name in provisioner block",
				Detail:   fmt.Sprintf("The block type name %q is reserved for use by Terraform in a future version.", b.Type),
				Subject:  b.TypeRange.Ptr(),
			})
		}
	}
	if p.When == ProvisionAtDestroy {
		diags = append(diags, checkDestroyReferences(p)...)
	}
	return p, diags
}

func isProvisionerType(t string) bool {
	for _, known := range ProvisionerTypes {
		if t == known {
			return true
		}
	}
	return false
}

func keywordDiag(name, allowed string, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid %q keyword", name),
		Detail:   fmt.Sprintf("The %q argument requires one of the following keywords: %s.", name, allowed),
		Subject:  rng.Ptr(),
	}
}

func duplicateBlock(typ string, prev, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Duplicate %s block", typ),
		Detail:   fmt.Sprintf("This block already has a %s block at %s.", typ, prev),
		Subject:  rng.Ptr(),
	}
}

// checkDestroyReferences allows a destroy-time provisioner to refer only to
// self, count, each and path, as Terraform does: other objects may already
// be gone when it runs.
func checkDestroyReferences(p *Provisioner) hcl.Diagnostics {
	var diags hcl.Diagnostics
	bodies := []hcl.Body{p.Config}
	if p.Connection != nil {
		bodies = append(bodies, p.Connection.Config)
	}
	for _, body := range bodies {
		for _, t := range bodyTraversals(body) {
			switch t.RootName() {
			case "self", "count", "each", "path", "terraform":
				continue
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference from destroy provisioner",
				Detail:   "Destroy-time provisioners and their connection configurations may only reference attributes of the related resource, via 'self', 'count.index', or 'each.key'.\n\nReferences to other resources during the destroy phase can cause dependency cycles and interact poorly with create_before_destroy.",
				Subject:  t.SourceRange().Ptr(),
			})
		}
	}
	return diags
}

// bodyTraversals returns the variables of every argument of body, nested
// blocks included, as written.
func bodyTraversals(body hcl.Body) []hcl.Traversal {
	var out []hcl.Traversal
	attrs, _ := body.JustAttributes()
	for _, a := range sortedAttributes(attrs) {
		out = append(out, a.Expr.Variables()...)
	}
	return out
}

// decodeProvisioning adds a resource's provisioner or connection block.
func (m *ManagedResource) decodeProvisioning(b *hcl.Block) hcl.Diagnostics {
	if b.Type == "connection" {
		if m.Connection != nil {
			return hcl.Diagnostics{duplicateBlock("connection", m.Connection.DeclRange, b.DefRange)}
		}
		m.Connection = &Connection{Config: b.Body, DeclRange: b.DefRange}
		return nil
	}
	p, diags := decodeProvisioner(b)
	m.Provisioners = append(m.Provisioners, p)
	return diags
}
