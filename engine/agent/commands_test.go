package agent

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseCommentCommand(t *testing.T) {
	for body, want := range map[string]*commentCommand{
		"trueup plan":                                        {name: cmdPlan},
		"  trueup plan -p prod\nthanks!":                     {name: cmdPlan, stack: "prod"},
		"trueup plan --project prod":                         {name: cmdPlan, stack: "prod"},
		`trueup plan -p a -- -var=n=3 -var 'tags={a="b c"}'`: {name: cmdPlan, stack: "a", vars: []string{"n=3", `tags={a="b c"}`}},
		"trueup apply -p prod":                               {name: cmdApply, stack: "prod"},
		"trueup unlock":                                      {name: cmdUnlock},
		"trueup help":                                        {name: cmdHelp},
	} {
		got, err := parseCommentCommand(body)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %+v, %v; want %+v", body, got, err, want)
		}
	}
	for _, body := range []string{"LGTM", "please run trueup plan", "", "trueupplan"} {
		if _, err := parseCommentCommand(body); !errors.Is(err, errNotACommand) {
			t.Errorf("%q: error %v, want not a command", body, err)
		}
	}
	for body, want := range map[string]string{
		"trueup":                        "no command given",
		"trueup destroy":                `unknown command "destroy"`,
		"trueup plan -p":                "-p needs a stack name",
		"trueup plan -target=x":         `plan does not take "-target=x"`,
		"trueup apply -- -var=a=b":      `apply does not take "--"`,
		"trueup plan -- -var-file=x":    `only -var=NAME=VALUE may follow "--", not "-var-file=x"`,
		"trueup plan -- -var=novalue":   `-var "novalue" is not NAME=VALUE`,
		`trueup plan -- -var="unclosed`: "the command does not parse",
		"trueup unlock -p prod":         `unlock does not take "-p"`,
	} {
		_, err := parseCommentCommand(body)
		var ce *commandError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
}
