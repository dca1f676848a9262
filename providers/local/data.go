package local

import (
	"context"
	"encoding/base64"
	"os"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// fileDataSource returns the local_file data source (sensitive false) or
// local_sensitive_file (sensitive true, its content marked sensitive).
func fileDataSource(sensitive bool) kit.DataSource {
	attrs := map[string]*schema.Attribute{
		"filename": {Type: cty.String, Required: true,
			Description: "The path of the file to read."},
		"content": {Type: cty.String, Computed: true, Sensitive: sensitive,
			Description: "The file's content as UTF-8 text."},
		"content_base64": {Type: cty.String, Computed: true, Sensitive: sensitive,
			Description: "The file's content, base64-encoded."},
	}
	for _, name := range checksumAttributes {
		attrs[name] = &schema.Attribute{Type: cty.String, Computed: true}
	}
	return kit.DataSource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: attrs}},
		Read:   readFileData,
	}
}

func readFileData(ctx context.Context, config cty.Value) (cty.Value, schema.Diagnostics) {
	data, err := os.ReadFile(kit.String(config, "filename"))
	if err != nil {
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("filename"), "Cannot read local file", err.Error())
	}
	attrs := checksums(data)
	attrs["filename"] = config.GetAttr("filename")
	attrs["content"] = cty.StringVal(strings.ToValidUTF8(string(data), "\uFFFD"))
	attrs["content_base64"] = cty.StringVal(base64.StdEncoding.EncodeToString(data))
	return kit.SetAll(config, attrs), nil
}
