package web

import (
	"encoding/json"
	"strings"
)

// Actions a plan takes on a resource, as the dashboard names and colours
// them.
const (
	actionCreate  = "create"
	actionUpdate  = "update"
	actionReplace = "replace"
	actionDelete  = "delete"
	actionRead    = "read"
	actionNoop    = "no-op"
)

// planDoc is the part of a JSON plan (Terraform's `show -json` layout) the
// dashboard reads: what changes, what drifted, and the configuration with
// its references.
type planDoc struct {
	ResourceChanges []planChange `json:"resource_changes"`
	ResourceDrift   []planChange `json:"resource_drift"`
	Configuration   *struct {
		RootModule configModule `json:"root_module"`
	} `json:"configuration"`
}

type planChange struct {
	Address string `json:"address"`
	Mode    string `json:"mode"`
	Deposed string `json:"deposed"`
	Change  struct {
		Actions []string `json:"actions"`
	} `json:"change"`
}

type configModule struct {
	Resources   []configResource        `json:"resources"`
	ModuleCalls map[string]moduleCall   `json:"module_calls"`
	Outputs     map[string]configOutput `json:"outputs"`
}

type configOutput struct {
	Expression configExpr `json:"expression"`
	DependsOn  []string   `json:"depends_on"`
}

type moduleCall struct {
	Expressions       map[string]any `json:"expressions"`
	CountExpression   *configExpr    `json:"count_expression"`
	ForEachExpression *configExpr    `json:"for_each_expression"`
	DependsOn         []string       `json:"depends_on"`
	Module            configModule   `json:"module"`
}

type configResource struct {
	Address           string         `json:"address"`
	Mode              string         `json:"mode"`
	Expressions       map[string]any `json:"expressions"`
	CountExpression   *configExpr    `json:"count_expression"`
	ForEachExpression *configExpr    `json:"for_each_expression"`
	DependsOn         []string       `json:"depends_on"`
}

type configExpr struct {
	References []string `json:"references"`
}

// parsePlan reads a JSON plan; nil when there is none or it does not parse.
func parsePlan(js []byte) *planDoc {
	if len(js) == 0 {
		return nil
	}
	var d planDoc
	if err := json.Unmarshal(js, &d); err != nil {
		return nil
	}
	return &d
}

// action names a change's actions: ["delete","create"] is a replace.
func action(actions []string) string {
	switch strings.Join(actions, ",") {
	case "create":
		return actionCreate
	case "update":
		return actionUpdate
	case "delete,create", "create,delete":
		return actionReplace
	case "delete", "forget":
		return actionDelete
	case "read":
		return actionRead
	}
	return actionNoop
}

// resourceChange is one resource instance a plan changes.
type resourceChange struct {
	Address string
	Action  string
}

// changes lists the resource instances the plan changes, without no-ops,
// in the plan's order.
func (d *planDoc) changes() []resourceChange {
	if d == nil {
		return nil
	}
	var out []resourceChange
	for _, c := range d.ResourceChanges {
		a := action(c.Change.Actions)
		if a == actionNoop {
			continue
		}
		addr := c.Address
		if c.Deposed != "" {
			addr += " (deposed " + c.Deposed + ")"
		}
		out = append(out, resourceChange{Address: addr, Action: a})
	}
	return out
}

// drifted lists the addresses of the resources found changed outside
// trueup.
func (d *planDoc) drifted() []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, c := range d.ResourceDrift {
		if action(c.Change.Actions) != actionNoop {
			out = append(out, c.Address)
		}
	}
	return out
}
