package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/addrs"
)

const remainSrc = `resource "null_resource" "a" {
  count      = 2
  for_each   = {}
  provider   = null.west
  depends_on = [null_resource.b]
  triggers   = { n = count.index }
  lifecycle {
    create_before_destroy = true
    ignore_changes        = [triggers]
  }
}

resource "null_resource" "b" {
  triggers = { n = "1" }
}

data "null_data_source" "c" {
  count  = 1
  inputs = { a = "b" }
}
`

// A resource's meta-arguments are still read from the block once its body
// is a RemainBody, which hides them from its content.
func TestResourceMetaArgumentsBesideRemainBody(t *testing.T) {
	mod, _ := LoadSources("", map[string][]byte{"main.tf": []byte(remainSrc)})
	a := mod.ManagedResources["null_resource.a"]
	if a == nil || a.Count == nil || a.ForEach == nil || a.ProviderConfigRef.String() != "null.west" || len(a.DependsOn) != 1 ||
		!a.Managed.CreateBeforeDestroy || len(a.Managed.IgnoreChanges) != 1 {
		t.Fatalf("meta-arguments of null_resource.a: %+v", a)
	}
	rb, ok := a.Config.(*RemainBody)
	if !ok {
		t.Fatalf("Config is %T, want *RemainBody", a.Config)
	}
	if sb, ok := SyntaxBody(a.Config); !ok || sb != rb.Syntax || len(sb.Attributes) != 5 {
		t.Fatalf("SyntaxBody = %v, %v", sb, ok)
	}
	content, diags := a.Config.Content(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "triggers"}}})
	if diags.HasErrors() || len(content.Attributes) != 1 || content.Attributes["triggers"] == nil {
		t.Fatalf("content: %v %v", content, diags)
	}
	for _, name := range []string{"count", "for_each", "provider", "depends_on"} {
		if !rb.HidesAttribute(name) {
			t.Errorf("%s not hidden", name)
		}
	}
	if rb.HidesAttribute("triggers") || !rb.HidesBlock("lifecycle") || rb.HidesBlock("triggers") {
		t.Error("hides the wrong names")
	}
	c := mod.DataResources["data.null_data_source.c"]
	if c.Count == nil || c.Managed != nil || !c.Config.(*RemainBody).HidesAttribute("count") || c.Config.(*RemainBody).HidesBlock("provisioner") {
		t.Errorf("data source: %+v", c)
	}
}

// contentString describes what Content returned, for comparison.
func contentString(c *hcl.BodyContent, diags hcl.Diagnostics) string {
	var names []string
	if c != nil {
		for name, attr := range c.Attributes {
			names = append(names, fmt.Sprintf("%s@%s=%s", name, attr.Range, attr.Expr.Range()))
		}
		for _, b := range c.Blocks {
			names = append(names, "block "+b.Type+"@"+b.DefRange.String())
		}
		names = append(names, "missing@"+c.MissingItemRange.String())
	}
	for _, d := range diags {
		names = append(names, fmt.Sprintf("%d: %s: %s at %s", d.Severity, d.Summary, d.Detail, d.Subject))
	}
	slices.Sort(names)
	return fmt.Sprint(names)
}

// On every resource and data block of the repository's configurations, a
// RemainBody answers Content, PartialContent and JustAttributes as hcl's
// remainder does (which config kept before RemainBody), with the body's
// arguments declared, one of them left out (an unsupported argument), and
// a required one that is absent or hidden.
func TestRemainBodyAnswersAsHCLsRemainder(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../testdata/*/*.tf", "../../testdata/*/*/*.tf", "../../testdata/*/*/*/*.tf", "../../testdata/*/*/*/*/*.tf", "../../examples/*/*.tf"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	blocks := 0
	for _, path := range append(files, "remain.tf") {
		src := []byte(remainSrc)
		if path != "remain.tf" {
			var err error
			if src, err = os.ReadFile(path); err != nil {
				t.Fatal(err)
			}
		}
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			continue
		}
		for _, blk := range f.Body.(*hclsyntax.Body).Blocks {
			mode, meta := addrs.ManagedResourceMode, managedMetaSchema
			switch {
			case blk.Type == "data":
				mode, meta = addrs.DataResourceMode, dataMetaSchema
			case blk.Type != "resource":
				continue
			}
			blocks++
			rb := HideMetaArguments(blk.Body, mode)
			_, remain, _ := blk.Body.PartialContent(meta)
			var names []hcl.AttributeSchema
			for name := range blk.Body.Attributes {
				names = append(names, hcl.AttributeSchema{Name: name})
			}
			schemas := map[string]*hcl.BodySchema{
				"every argument":      {Attributes: names},
				"a required one more": {Attributes: append(slices.Clone(names), hcl.AttributeSchema{Name: "zz_absent", Required: true})},
				"count required":      {Attributes: append(slices.Clone(names), hcl.AttributeSchema{Name: "count", Required: true})},
				"with nested blocks":  {Attributes: names, Blocks: []hcl.BlockHeaderSchema{{Type: "lifecycle"}, {Type: "ingress"}, {Type: "dynamic", LabelNames: []string{"type"}}}},
				"nothing":             {},
			}
			if len(names) > 0 {
				schemas["one left out"] = &hcl.BodySchema{Attributes: names[1:]}
			}
			at := fmt.Sprintf("%s:%d", path, blk.TypeRange.Start.Line)
			for sname, s := range schemas {
				if g, w := contentString(rb.Content(s)), contentString(remain.Content(s)); g != w {
					t.Errorf("%s: Content, %s:\n got %s\nwant %s", at, sname, g, w)
				}
				gc, _, gd := rb.PartialContent(s)
				wc, _, wd := remain.PartialContent(s)
				if g, w := contentString(gc, gd), contentString(wc, wd); g != w {
					t.Errorf("%s: PartialContent, %s:\n got %s\nwant %s", at, sname, g, w)
				}
			}
			ga, gd := rb.JustAttributes()
			wa, wd := remain.JustAttributes()
			if g, w := contentString(&hcl.BodyContent{Attributes: ga}, gd), contentString(&hcl.BodyContent{Attributes: wa}, wd); g != w {
				t.Errorf("%s: JustAttributes:\n got %s\nwant %s", at, g, w)
			}
			if rb.MissingItemRange() != remain.MissingItemRange() {
				t.Errorf("%s: MissingItemRange %v, want %v", at, rb.MissingItemRange(), remain.MissingItemRange())
			}
		}
	}
	if blocks < 20 {
		t.Errorf("only %d resource blocks", blocks)
	}
}
