package google

import (
	"context"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// bucketDataBlock is data google_storage_bucket's schema: the resource's
// attributes, all computed but name and project, with its nested blocks
// as computed list attributes (as Terraform derives data source schemas).
var bucketDataBlock = func() *schema.Block {
	b := &schema.Block{Description: "Reads an existing Cloud Storage bucket by name.",
		Attributes: map[string]*schema.Attribute{}}
	for name, a := range bucketBlock.Attributes {
		b.Attributes[name] = &schema.Attribute{Type: a.Type, Computed: true, Sensitive: a.Sensitive, Description: a.Description}
	}
	for name, nb := range bucketBlock.BlockTypes {
		b.Attributes[name] = &schema.Attribute{Type: nb.ImpliedType(), Computed: true}
	}
	b.Attributes["name"] = &schema.Attribute{Type: cty.String, Required: true, Description: "The bucket name."}
	b.Attributes["project"] = &schema.Attribute{Type: cty.String, Optional: true, Computed: true,
		Description: "The bucket's project; the provider's project when unset."}
	return b
}()

func bucketDataSource(p *Provider) kit.DataSource {
	return kit.DataSource{
		Schema: &schema.Resource{Block: bucketDataBlock},
		Read: func(ctx context.Context, config cty.Value) (cty.Value, schema.Diagnostics) {
			ops := &bucketOps{p: p}
			sc, c, diags := ops.client()
			if diags.HasErrors() {
				return cty.NilVal, diags
			}
			name := kit.String(config, "name")
			attrs, err := bucketAttrs(ctx, sc, name)
			if err != nil {
				return cty.NilVal, apiDiag(err, attrPath("name"), "Cannot read Cloud Storage bucket", "bucket "+name)
			}
			project := c.project
			if kit.IsSet(config, "project") {
				project = kit.String(config, "project")
			}
			v := flattenBucket(bucketBlock.Null(), attrs, project)
			// Every label is the data source's to report.
			return kit.Set(v, "labels", v.GetAttr("effective_labels")), nil
		},
	}
}
