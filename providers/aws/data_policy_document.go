package aws

import (
	"context"
	"encoding/json"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
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
	o := ob(config)
	doc := &policyDoc{Version: o.str("version"), ID: o.str("policy_id")}
	if doc.Version == "" {
		doc.Version = "2012-10-17"
	}
	var diags schema.Diagnostics
	for i, src := range o.strList("source_policy_documents") {
		var sd policyDoc
		if err := json.Unmarshal([]byte(src), &sd); err != nil {
			return policyDocumentBlock.Null(), schema.Errorf(cty.GetAttrPath("source_policy_documents").IndexInt(i),
				"Invalid source policy document", err.Error())
		}
		doc.merge(sd.Statements)
	}
	var own []*policyStatement
	for _, s := range o.blocks("statement") {
		own = append(own, statementFromConfig(s))
	}
	doc.merge(own)
	for i, src := range o.strList("override_policy_documents") {
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
	vals["json"], vals["minified_json"] = strVal(string(pretty)), strVal(string(mini))
	vals["id"] = strVal(strconv.Itoa(hashcode(string(pretty))))
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

func statementFromConfig(s obj) *policyStatement {
	st := &policyStatement{
		Sid: s.str("sid"), Effect: s.str("effect"),
		Actions: stringOrList(policyVars(s.strList("actions"))), NotActions: stringOrList(policyVars(s.strList("not_actions"))),
		Resources: stringOrList(policyVars(s.strList("resources"))), NotResources: stringOrList(policyVars(s.strList("not_resources"))),
		Principals: principalsFromConfig(s.blocks("principals")), NotPrincipals: principalsFromConfig(s.blocks("not_principals")),
	}
	if st.Effect == "" {
		st.Effect = "Allow"
	}
	for _, c := range s.blocks("condition") {
		st.Conditions = append(st.Conditions, condition{Test: c.str("test"), Variable: c.str("variable"),
			Values: stringOrList(policyVars(c.strList("values")))})
	}
	return st
}

func principalsFromConfig(bs []obj) principalSet {
	var ps principalSet
	for _, b := range bs {
		ps = append(ps, principal{Type: b.str("type"), Identifiers: stringOrList(policyVars(b.strList("identifiers")))})
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
