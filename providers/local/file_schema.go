package local

import (
	"fmt"
	"strconv"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// contentSources are the attributes of which exactly one says what a file
// holds, in the order their conflicts are reported.
var contentSources = []string{"content", "sensitive_content", "content_base64", "source"}

// fileResource returns local_file (sensitive false) or local_sensitive_file
// (sensitive true). They differ as in Terraform: local_sensitive_file marks
// its content sensitive, has no sensitive_content, and defaults both
// permissions to "0700" instead of "0777".
func fileResource(sensitive bool) kit.Resource {
	perm := "0777"
	if sensitive {
		perm = "0700"
	}
	return kit.Resource{
		Schema: &schema.Resource{Block: fileSchema(sensitive, perm)},
		Defaults: map[string]cty.Value{
			"file_permission":      cty.StringVal(perm),
			"directory_permission": cty.StringVal(perm),
		},
		Validate: validateFile,
		Create:   createFile,
		Read:     readFile,
		Update:   updateFile,
		Delete:   deleteFile,
	}
}

func fileSchema(sensitive bool, perm string) *schema.Block {
	attrs := map[string]*schema.Attribute{
		"filename": {Type: cty.String, Required: true, ForceNew: true,
			Description: "The path of the file to create; relative paths are relative to the working directory."},
		"content": {Type: cty.String, Optional: true, ForceNew: true, Sensitive: sensitive,
			Description: "The file's content, as UTF-8 text."},
		"content_base64": {Type: cty.String, Optional: true, ForceNew: true, Sensitive: sensitive,
			Description: "The file's content, base64-encoded: for binary files."},
		"source": {Type: cty.String, Optional: true, ForceNew: true,
			Description: "The path of a file whose content to copy."},
		"file_permission": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: fmt.Sprintf("The file's permissions in octal (default %q), less the umask.", perm)},
		"directory_permission": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: fmt.Sprintf("The permissions of parent directories it creates (default %q).", perm)},
	}
	if !sensitive {
		attrs["sensitive_content"] = &schema.Attribute{Type: cty.String, Optional: true, ForceNew: true, Sensitive: true,
			Description: "Deprecated: use local_sensitive_file. The file's content, kept out of output."}
	}
	for _, name := range checksumAttributes {
		attrs[name] = &schema.Attribute{Type: cty.String, Computed: true}
	}
	attrs["id"].Description = "The hex SHA-1 of the content."
	return &schema.Block{Attributes: attrs}
}

// validateFile checks that exactly one content source is set and that the
// permissions are octal modes.
func validateFile(config cty.Value) schema.Diagnostics {
	var diags schema.Diagnostics
	var set []string
	for _, name := range contentSources {
		if config.Type().HasAttribute(name) && !config.GetAttr(name).IsNull() {
			set = append(set, name)
		}
	}
	switch {
	case len(set) == 0:
		diags = append(diags, schema.Errorf(cty.GetAttrPath("content"), "Missing file content",
			"Exactly one of content, content_base64 or source must be set (or sensitive_content on local_file).")...)
	case len(set) > 1:
		diags = append(diags, schema.Errorf(cty.GetAttrPath(set[1]), "Conflicting file content",
			fmt.Sprintf("%s cannot be set together with %s: set exactly one of them.", set[1], set[0]))...)
	}
	if config.Type().HasAttribute("sensitive_content") && !config.GetAttr("sensitive_content").IsNull() {
		diags = append(diags, schema.Diagnostic{Severity: schema.Warning, Summary: "Deprecated attribute",
			Detail:    "sensitive_content is deprecated: use the local_sensitive_file resource instead.",
			Attribute: cty.GetAttrPath("sensitive_content")})
	}
	for _, name := range []string{"file_permission", "directory_permission"} {
		if mode := config.GetAttr(name); !mode.IsNull() && mode.IsKnown() {
			if _, err := parseMode(mode.AsString()); err != nil {
				diags = append(diags, schema.Errorf(cty.GetAttrPath(name), "Invalid file mode", err.Error())...)
			}
		}
	}
	return diags
}

// parseMode parses a 3 or 4 digit octal permission string such as "0644".
func parseMode(s string) (uint32, error) {
	if len(s) != 3 && len(s) != 4 {
		return 0, fmt.Errorf("%q is not a file mode: write 3 or 4 octal digits, such as \"0644\"", s)
	}
	m, err := strconv.ParseUint(s, 8, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not a file mode: every digit must be 0 to 7", s)
	}
	return uint32(m), nil
}
