package aws

import (
	"context"
	"encoding/json"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var principalBlock = &schema.NestedBlock{Nesting: schema.NestingSet, Block: schema.Block{Attributes: map[string]*schema.Attribute{
	"type":        {Type: cty.String, Required: true, Description: "AWS, Service, Federated, CanonicalUser or *."},
	"identifiers": {Type: cty.Set(cty.String), Required: true},
}}}

var policyDocumentBlock = &schema.Block{
	Description: "An IAM policy document computed from statement blocks, as JSON.",
	Attributes: map[string]*schema.Attribute{
		"id":                        {Type: cty.String, Computed: true},
		"json":                      {Type: cty.String, Computed: true},
		"minified_json":             {Type: cty.String, Computed: true},
		"version":                   {Type: cty.String, Optional: true, Description: "Defaults to 2012-10-17."},
		"policy_id":                 optStr(""),
		"source_policy_documents":   {Type: cty.List(cty.String), Optional: true},
		"override_policy_documents": {Type: cty.List(cty.String), Optional: true},
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"statement": {Nesting: schema.NestingList, Block: schema.Block{
			Attributes: map[string]*schema.Attribute{
				"sid":           optStr(""),
				"effect":        optStr("Allow (default) or Deny."),
				"actions":       {Type: cty.Set(cty.String), Optional: true},
				"not_actions":   {Type: cty.Set(cty.String), Optional: true},
				"resources":     {Type: cty.Set(cty.String), Optional: true},
				"not_resources": {Type: cty.Set(cty.String), Optional: true},
			},
			BlockTypes: map[string]*schema.NestedBlock{
				"principals":     principalBlock,
				"not_principals": principalBlock,
				"condition": {Nesting: schema.NestingSet, Block: schema.Block{Attributes: map[string]*schema.Attribute{
					"test":     {Type: cty.String, Required: true},
					"variable": {Type: cty.String, Required: true},
					"values":   {Type: cty.List(cty.String), Required: true},
				}}},
			},
		}},
	},
}

func policyDocumentData() *dataSourceType {
	return &dataSourceType{schema: &schema.Resource{Block: policyDocumentBlock}, read: readPolicyDocument, pure: true}
}

// policyVars turns the &{...} spelling Terraform needs for IAM policy
// variables into ${...}.
func policyVars(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ReplaceAll(s, "&{", "${")
	}
	return out
}

func readPolicyDocument(_ context.Context, _ *client, config cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(config)
	doc := &policyDoc{Version: o.Str("version"), ID: o.Str("policy_id")}
	if doc.Version == "" {
		doc.Version = "2012-10-17"
	}
	var diags schema.Diagnostics
	for i, src := range o.StrList("source_policy_documents") {
		var sd policyDoc
		if err := json.Unmarshal([]byte(src), &sd); err != nil {
			return policyDocumentBlock.Null(), schema.Errorf(cty.GetAttrPath("source_policy_documents").IndexInt(i),
				"Invalid source policy document", err.Error())
		}
		doc.merge(sd.Statements)
	}
	var own []*policyStatement
	for _, s := range o.Blocks("statement") {
		own = append(own, statementFromConfig(s))
	}
	doc.merge(own)
	for i, src := range o.StrList("override_policy_documents") {
		var od policyDoc
		if err := json.Unmarshal([]byte(src), &od); err != nil {
			return policyDocumentBlock.Null(), schema.Errorf(cty.GetAttrPath("override_policy_documents").IndexInt(i),
				"Invalid override policy document", err.Error())
		}
		doc.merge(od.Statements)
	}
	pretty, _ := json.MarshalIndent(doc, "", "  ")
	mini, _ := json.Marshal(doc)
	vals := config.AsValueMap()
	vals["json"], vals["minified_json"] = cty.StringVal(string(pretty)), cty.StringVal(string(mini))
	vals["id"] = cty.StringVal(strconv.Itoa(hashcode(string(pretty))))
	return cty.ObjectVal(vals), diags
}

// merge adds statements, each replacing an earlier one with the same Sid.
func (d *policyDoc) merge(stmts []*policyStatement) {
	for _, s := range stmts {
		replaced := false
		if s.Sid != "" {
			for i, prev := range d.Statements {
				if prev.Sid == s.Sid {
					d.Statements[i], replaced = s, true
					break
				}
			}
		}
		if !replaced {
			d.Statements = append(d.Statements, s)
		}
	}
}

func statementFromConfig(s kit.Obj) *policyStatement {
	st := &policyStatement{
		Sid: s.Str("sid"), Effect: s.Str("effect"),
		Actions: stringOrList(policyVars(s.StrList("actions"))), NotActions: stringOrList(policyVars(s.StrList("not_actions"))),
		Resources: stringOrList(policyVars(s.StrList("resources"))), NotResources: stringOrList(policyVars(s.StrList("not_resources"))),
		Principals: principalsFromConfig(s.Blocks("principals")), NotPrincipals: principalsFromConfig(s.Blocks("not_principals")),
	}
	if st.Effect == "" {
		st.Effect = "Allow"
	}
	for _, c := range s.Blocks("condition") {
		st.Conditions = append(st.Conditions, condition{Test: c.Str("test"), Variable: c.Str("variable"),
			Values: stringOrList(policyVars(c.StrList("values")))})
	}
	return st
}

func principalsFromConfig(bs []kit.Obj) principalSet {
	var ps principalSet
	for _, b := range bs {
		ps = append(ps, principal{Type: b.Str("type"), Identifiers: stringOrList(policyVars(b.StrList("identifiers")))})
	}
	return ps
}

// hashcode is Terraform's string hash, used for the document's id.
func hashcode(s string) int {
	v := int(crc32.ChecksumIEEE([]byte(s)))
	if v < 0 {
		return -v
	}
	return v
}
