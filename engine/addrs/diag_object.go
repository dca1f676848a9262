package addrs

import "github.com/hashicorp/hcl/v2"

// diagObject is the hcl.Diagnostic.Extra that names the object a
// diagnostic is about, wrapping whatever Extra was there before.
type diagObject struct {
	addr    string
	wrapped any
}

// UnwrapDiagnosticExtra lets hcl.DiagnosticExtra find what it wraps.
func (o diagObject) UnwrapDiagnosticExtra() any { return o.wrapped }

// SetDiagnosticObject records that d is about the object at addr (a
// resource instance, ephemeral.TYPE.NAME, provider["..."]): Terraform
// prints it as "with ADDR," above the source, and its JSON diagnostics
// carry it as "address".
func SetDiagnosticObject(d *hcl.Diagnostic, addr string) {
	if addr != "" {
		d.Extra = diagObject{addr: addr, wrapped: d.Extra}
	}
}

// DiagnosticObject returns the address SetDiagnosticObject recorded in
// d, "" when none.
func DiagnosticObject(d *hcl.Diagnostic) string {
	if o, ok := hcl.DiagnosticExtra[diagObject](d); ok {
		return o.addr
	}
	return ""
}
