package agent

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseRollbackCommand(t *testing.T) {
	for body, want := range map[string]*rollbackArgs{
		"trueup rollback staging":                 {stage: "staging"},
		"trueup rollback prod -a web\nit broke":   {stage: "prod", artifact: "web"},
		"trueup rollback --artifact web prod":     {stage: "prod", artifact: "web"},
		"trueup rollback -artifact=web prod":      {stage: "prod", artifact: "web"},
		"trueup rollback   dev   --artifact=api ": {stage: "dev", artifact: "api"},
	} {
		got, err := parseCommentCommand(body)
		if err != nil || got.name != cmdRollback || !reflect.DeepEqual(got.rollback, want) {
			t.Errorf("%q: %+v, %v; want %+v", body, got, err, want)
		}
	}
	for body, want := range map[string]string{
		"trueup rollback":                "rollback needs a stage",
		"trueup rollback -a web":         "rollback needs a stage",
		"trueup rollback prod -a":        "-a needs an artifact name",
		"trueup rollback prod staging":   `rollback takes one stage, not "prod" and "staging"`,
		"trueup rollback prod -p stack1": `rollback does not take "-p"`,
	} {
		_, err := parseCommentCommand(body)
		var ce *commandError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
	if !strings.Contains(commentHelp, "`trueup rollback STAGE [-a ARTIFACT]`") {
		t.Error("the help does not name the rollback command")
	}
}
