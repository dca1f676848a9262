package addrs

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestTraversalStringWritesReferencesAsTerraform(t *testing.T) {
	for src, want := range map[string]string{
		`aws_s3_bucket.b`:               `aws_s3_bucket.b`,
		`module.net["eu"].vpc_id`:       `module.net["eu"].vpc_id`,
		`null_resource.n[0].triggers.x`: `null_resource.n[0].triggers.x`,
		`var.m["a\"b"]`:                 `var.m["a\"b"]`,
		`local.l[1.5]`:                  `local.l[1.5]`,
	} {
		tr, diags := hclsyntax.ParseTraversalAbs([]byte(src), "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags.Error())
		}
		if got := TraversalString(tr); got != want {
			t.Errorf("TraversalString(%s) = %s, want %s", src, got, want)
		}
	}
}
