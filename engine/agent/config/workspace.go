package config

import (
	"fmt"
	"net/url"

	"github.com/hashicorp/hcl/v2"
)

// workspaceName checks a stack's workspace as Terraform checks workspace
// names (they must need no escaping in a URL path; "", "." and ".." are
// refused too), returning "" for the default workspace.
func workspaceName(name string, rng hcl.Range) (string, hcl.Diagnostics) {
	if name == "" || name == "default" {
		return "", nil
	}
	if name == "." || name == ".." || url.PathEscape(name) != name {
		return "", hcl.Diagnostics{errorAt(rng, "Invalid workspace name",
			fmt.Sprintf("The workspace name %q is not allowed. The name must contain only URL safe characters, and no path separators.", name))}
	}
	return name, nil
}
