package marker

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Rewrite returns src with the value m marks replaced by value, quoted and
// escaped as HCL needs. Everything else in src, comments and alignment
// included, is kept byte for byte.
func Rewrite(src []byte, m Marker, value string) ([]byte, error) {
	f, diags := hclwrite.ParseConfig(src, m.File, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", m.File, diags.Error())
	}
	body := f.Body()
	for _, i := range m.path {
		blocks := body.Blocks()
		if i >= len(blocks) {
			return nil, fmt.Errorf("%s: the file changed: the block around %s is gone", m.File, m.Attribute)
		}
		body = blocks[i].Body()
	}
	if body.GetAttribute(m.Attribute) == nil {
		return nil, fmt.Errorf("%s: the file changed: the attribute %s is gone", m.File, m.Attribute)
	}
	body.SetAttributeValue(m.Attribute, cty.StringVal(value))
	return f.Bytes(), nil
}

// RewriteFile rewrites the marked value in the file under root that m was
// found in, keeping the file's permissions.
func RewriteFile(root string, m Marker, value string) error {
	p := filepath.Join(root, filepath.FromSlash(m.File))
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	out, err := Rewrite(src, m, value)
	if err != nil {
		return err
	}
	st, err := os.Stat(p)
	if err != nil {
		return err
	}
	return os.WriteFile(p, out, st.Mode().Perm())
}
