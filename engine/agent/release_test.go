package agent

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgentNeverReleasesWhatItRenders: run.Request.Drop lets the engine
// drop a plan's values, the configuration's bodies and the plan's relevant
// attributes during a run, for a caller that reads none of them afterwards
// (the CLI). The agent renders every run's plan (text, JSON, the
// dashboard's changes) after it, so no code of the agent may set it,
// anywhere in the package: this test reads its sources and fails on any
// mention of the field, of its values, or of the engine's options they
// set.
func TestAgentNeverReleasesWhatItRenders(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	read := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		read++
		ast.Inspect(f, func(n ast.Node) bool {
			var id *ast.Ident
			switch n := n.(type) {
			case *ast.SelectorExpr:
				id = n.Sel
			case *ast.KeyValueExpr:
				id, _ = n.Key.(*ast.Ident)
			}
			if id != nil && (strings.HasPrefix(id.Name, "Drop") || id.Name == "ReleaseConfig" || id.Name == "ReleaseValues" || id.Name == "SkipRelevantAttributes") {
				t.Errorf("%s: the agent sets %s, but it renders the plan after the run", fset.Position(id.Pos()), id.Name)
			}
			return true
		})
	}
	if read < 10 {
		t.Fatalf("read %d source files of the agent, want all of them", read)
	}
}
