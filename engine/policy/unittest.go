package policy

import (
	"context"
	"fmt"
	"sort"

	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one of the policies' own test_ rules.
type TestResult struct {
	Package string `json:"package"`
	Name    string `json:"name"`
	Pass    bool   `json:"pass"`
	// Error is set when the test could not be evaluated.
	Error string `json:"error,omitempty"`
	// Location is file:line of the test rule.
	Location string `json:"location"`
}

// Test runs the set's test_ rules, as `opa test` and `conftest verify`
// do, and returns their results sorted by package and name.
func (s *Set) Test(ctx context.Context) ([]TestResult, error) {
	ch, err := tester.NewRunner().SetCompiler(s.compiler).SetModules(s.modules).RunTests(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{Package: r.Package, Name: r.Name, Pass: !r.Fail && r.Error == nil && !r.Skip}
		if r.Error != nil {
			tr.Error = r.Error.Error()
		}
		if r.Location != nil {
			tr.Location = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
		}
		out = append(out, tr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Package != out[j].Package {
			return out[i].Package < out[j].Package
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}
