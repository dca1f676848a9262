package provisioners

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Validate checks a provisioner configuration beyond its schema, with
// Terraform's messages: file takes exactly one of source and content,
// remote-exec exactly one of inline, script and scripts. Unknown values
// pass.
func Validate(typ string, cfg cty.Value) schema.Diagnostics {
	switch typ {
	case "file":
		switch set, known := countSet(cfg, "source", "content"); {
		case !known:
		case set == 0:
			return schema.Errorf(nil, "Must provide one of 'source' or 'content'", "The file provisioner copies either a local file or directory (source) or a string (content).")
		case set > 1:
			return schema.Errorf(nil, "Cannot set both 'source' and 'content'", "The file provisioner copies either a local file or directory (source) or a string (content).")
		}
	case "remote-exec":
		if set, known := countSet(cfg, "inline", "script", "scripts"); known && set != 1 {
			return schema.Errorf(nil, `Only one of "inline", "script", or "scripts" must be set`, "The remote-exec provisioner runs either inline commands, one script or a list of scripts.")
		}
	}
	return nil
}

// countSet counts the non-null attributes among names; known is false
// when one of them is not known yet.
func countSet(cfg cty.Value, names ...string) (set int, known bool) {
	for _, n := range names {
		v := cfg.GetAttr(n)
		if !v.IsKnown() {
			return 0, false
		}
		if !v.IsNull() {
			set++
		}
	}
	return set, true
}

// ValidateConnection checks a connection block beyond its schema: trueup
// connects over SSH only, so type = "winrm" (and any other type) is an
// error at the type argument. Unknown values pass.
func ValidateConnection(conn cty.Value) schema.Diagnostics {
	t := conn.GetAttr("type")
	if !t.IsKnown() || t.IsNull() {
		return nil
	}
	path := cty.GetAttrPath("type")
	switch t.AsString() {
	case "ssh":
		return nil
	case "winrm":
		return schema.Errorf(path, "winrm connections are not supported",
			`trueup provisions over SSH only: it has no WinRM client. Run the Windows machine's setup another way (user data, an image built beforehand), or use type = "ssh" with an OpenSSH server on the machine.`)
	}
	return schema.Errorf(path, "Unsupported connection type", `The connection type must be "ssh" (or "winrm", which trueup does not support).`)
}
