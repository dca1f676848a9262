package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/trueup/trueup/schema"
)

// VariableParsingMode says how a value given as a string on the command
// line or in an environment variable is read.
type VariableParsingMode int

const (
	// ParseLiteral takes the string as is: variables of type string and
	// variables without a type.
	ParseLiteral VariableParsingMode = iota
	// ParseHCL parses the string as an HCL expression: every other type
	// (including an explicit "any").
	ParseHCL
)

// Variable is an input variable declaration.
type Variable struct {
	Name        string
	Description string
	// Type is the type constraint; cty.DynamicPseudoType when absent.
	Type cty.Type
	// TypeDefaults holds the defaults of optional() object attributes, nil
	// when the type has none.
	TypeDefaults *typeexpr.Defaults
	// Default is the default value, already converted to Type (with
	// TypeDefaults applied); cty.NilVal when absent, which makes the
	// variable required.
	Default   cty.Value
	Sensitive bool
	// Ephemeral values are never persisted: not in state, not in a saved
	// plan (Terraform 1.10's ephemeral = true).
	Ephemeral   bool
	Nullable    bool
	ParsingMode VariableParsingMode
	Validations []*CheckRule
	DeclRange   hcl.Range
}

// Required reports whether the variable has no default.
func (v *Variable) Required() bool { return v.Default == cty.NilVal }

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"}, {Name: "default"}, {Name: "type"},
		{Name: "sensitive"}, {Name: "nullable"}, {Name: "ephemeral"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var checkRuleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "condition", Required: true},
		{Name: "error_message", Required: true},
	},
}

// reservedVariableNames are meaningful inside module blocks, so Terraform
// refuses them as variable names; trueup does too, so that configurations
// stay portable.
var reservedVariableNames = map[string]bool{
	"count": true, "depends_on": true, "for_each": true, "lifecycle": true,
	"providers": true, "source": true, "version": true, "locals": true,
}

func decodeVariable(block *hcl.Block) (*Variable, hcl.Diagnostics) {
	v := &Variable{
		Name:      block.Labels[0],
		Type:      cty.DynamicPseudoType,
		Nullable:  true,
		DeclRange: block.DefRange,
	}
	diags := checkName("variable", v.Name, block.LabelRanges[0])
	if reservedVariableNames[v.Name] {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid variable name",
			Detail:   fmt.Sprintf("The variable name %q is reserved due to its special meaning inside module blocks.", v.Name),
			Subject:  block.LabelRanges[0].Ptr(),
		})
	}
	content, moreDiags := block.Body.Content(variableSchema)
	diags = append(diags, moreDiags...)
	diags = append(diags, decodeString(content.Attributes["description"], &v.Description)...)
	diags = append(diags, decodeBool(content.Attributes["sensitive"], &v.Sensitive)...)
	diags = append(diags, decodeBool(content.Attributes["nullable"], &v.Nullable)...)
	diags = append(diags, decodeBool(content.Attributes["ephemeral"], &v.Ephemeral)...)
	if attr, ok := content.Attributes["type"]; ok {
		var tyDiags hcl.Diagnostics
		v.Type, v.TypeDefaults, v.ParsingMode, tyDiags = decodeVariableType(attr.Expr)
		diags = append(diags, tyDiags...)
	}
	if attr, ok := content.Attributes["default"]; ok {
		diags = append(diags, v.decodeDefault(attr)...)
	}
	for _, b := range content.Blocks {
		rule, ruleDiags := decodeCheckRule(b)
		diags = append(diags, ruleDiags...)
		if rule != nil {
			v.Validations = append(v.Validations, rule)
		}
	}
	return v, diags
}

// decodeDefault evaluates the default (it may not refer to anything) and
// converts it to the type constraint.
func (v *Variable) decodeDefault(attr *hcl.Attribute) hcl.Diagnostics {
	val, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		return diags
	}
	if val.IsNull() && !v.Nullable {
		return append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid default value for variable",
			Detail:   "A null default value is not valid when nullable = false.",
			Subject:  attr.Expr.Range().Ptr(),
		})
	}
	if v.TypeDefaults != nil && !val.IsNull() {
		val = v.TypeDefaults.Apply(val)
	}
	converted, err := convert.Convert(val, v.Type)
	if err != nil {
		return append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid default value for variable",
			Detail:   fmt.Sprintf("This default value is not compatible with the variable's type constraint: %s.", schema.FormatPathError(err)),
			Subject:  attr.Expr.Range().Ptr(),
		})
	}
	v.Default = converted
	return diags
}

// decodeVariableType reads a type constraint, with Terraform's shorthands
// "list" and "map" and a clear error for pre-0.12 quoted types.
func decodeVariableType(expr hcl.Expression) (cty.Type, *typeexpr.Defaults, VariableParsingMode, hcl.Diagnostics) {
	if tmpl, ok := expr.(*hclsyntax.TemplateExpr); ok && tmpl.IsStringLiteral() {
		return cty.DynamicPseudoType, nil, ParseHCL, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid quoted type constraints",
			Detail:   "Type constraints are written without quotes: write string instead of \"string\", list(string) instead of \"list\".",
			Subject:  expr.Range().Ptr(),
		}}
	}
	switch hcl.ExprAsKeyword(expr) {
	case "list":
		return cty.List(cty.DynamicPseudoType), nil, ParseHCL, nil
	case "map":
		return cty.Map(cty.DynamicPseudoType), nil, ParseHCL, nil
	}
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(expr)
	if diags.HasErrors() {
		return cty.DynamicPseudoType, nil, ParseHCL, diags
	}
	if ty == cty.String {
		return ty, defaults, ParseLiteral, diags
	}
	return ty, defaults, ParseHCL, diags
}

func decodeCheckRule(block *hcl.Block) (*CheckRule, hcl.Diagnostics) {
	content, diags := block.Body.Content(checkRuleSchema)
	cond, okc := content.Attributes["condition"]
	msg, okm := content.Attributes["error_message"]
	if !okc || !okm {
		return nil, diags
	}
	return &CheckRule{Condition: cond.Expr, ErrorMessage: msg.Expr, DeclRange: block.DefRange}, diags
}

// decodeString decodes a literal string attribute into *dst when present.
func decodeString(attr *hcl.Attribute, dst *string) hcl.Diagnostics {
	return decodeLiteral(attr, dst)
}

// decodeBool decodes a literal bool attribute into *dst when present.
func decodeBool(attr *hcl.Attribute, dst *bool) hcl.Diagnostics {
	return decodeLiteral(attr, dst)
}

// decodeLiteral decodes an attribute that may not refer to anything. A
// reference is reported once ("Variables not allowed"), not again as an
// unsuitable value.
func decodeLiteral(attr *hcl.Attribute, dst any) hcl.Diagnostics {
	if attr == nil {
		return nil
	}
	if _, diags := attr.Expr.Value(nil); diags.HasErrors() {
		return diags
	}
	return gohcl.DecodeExpression(attr.Expr, nil, dst)
}

// RefersOnlyToVariables reports whether a validation rule's condition and
// error message name nothing but input variables (and functions). Such a
// rule is checked as soon as the variable's value is set; a rule that
// names locals, resources, data sources or module outputs (allowed since
// Terraform 1.9) waits, in the graph, for the objects it names.
func (r *CheckRule) RefersOnlyToVariables() bool {
	for _, expr := range []hcl.Expression{r.Condition, r.ErrorMessage} {
		if expr == nil {
			continue
		}
		for _, tr := range expr.Variables() {
			if tr.RootName() != "var" {
				return false
			}
		}
	}
	return true
}

// HasObjectValidations reports whether any of v's validation rules names
// an object other than input variables.
func (v *Variable) HasObjectValidations() bool {
	for _, r := range v.Validations {
		if !r.RefersOnlyToVariables() {
			return true
		}
	}
	return false
}
