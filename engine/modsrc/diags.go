package modsrc

import (
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// ParseCall parses the source argument of a module block as Terraform
// does: as a registry address when the block also sets version, else by
// Parse. Errors are diagnostics on rng (the source expression), with
// Terraform's summaries. The Source is nil when there is an error.
func ParseCall(raw string, hasVersion bool, rng hcl.Range) (Source, hcl.Diagnostics) {
	if hasVersion {
		reg, err := ParseRegistry(raw)
		if err != nil {
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Invalid registry module source address",
				Detail:   fmt.Sprintf("Failed to parse module registry address: %s.\n\ntrueup assumed that you intended a module registry source address because you also set the argument \"version\", which applies only to registry modules.", err),
				Subject:  rng.Ptr(),
			}}
		}
		return reg, nil
	}
	src, err := Parse(raw)
	if err == nil {
		return src, nil
	}
	detail := fmt.Sprintf("Failed to parse module source address: %s.", err)
	var rel *MaybeRelativePathError
	if errors.As(err, &rel) {
		detail = fmt.Sprintf("trueup failed to determine your intended installation method for remote module package %q.\n\nIf you intended this as a path relative to the current module, use \"./%s\" instead. The \"./\" prefix indicates that the address is a relative filesystem path.", rel.Addr, rel.Addr)
	}
	return nil, hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid module source address",
		Detail:   detail,
		Subject:  rng.Ptr(),
	}}
}
