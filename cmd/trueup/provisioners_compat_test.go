package main

// Provisioners compared with Terraform: testdata/terraform-compat/provisioners
// is applied, planned, re-applied and destroyed by both tools; what their
// provisioners print (per resource, in order), the errors, the tainted
// objects in state and the plan's "is tainted" lines must agree. Terraform's
// results are recorded in provisioners.json beside the stack; -update
// re-records them.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// provisionStep is one command of the comparison and its exit code.
type provisionStep struct {
	Args []string
	Code int
}

// provisionResult is what one step shows, in a form both tools share.
type provisionResult struct {
	Code int `json:"code"`
	// Provisioning maps each address to what its provisioners printed,
	// in order ("Provisioning with 'local-exec'..." included).
	Provisioning map[string][]string `json:"provisioning,omitempty"`
	Errors       []string            `json:"errors,omitempty"`
	// Plan holds the plan's "# ADDR ..." lines that say why and its
	// summary line.
	Plan []string `json:"plan,omitempty"`
	// Tainted lists the tainted objects in state after the step.
	Tainted []string `json:"tainted,omitempty"`
}

var (
	provisionLineRE  = regexp.MustCompile(`^(\S+) \((local-exec|file|remote-exec)\): (.*)$`)
	provisionStartRE = regexp.MustCompile(`^(\S+): (Provisioning with '.*'\.\.\.)$`)
	taintedPlanRE    = regexp.MustCompile(`^\s*# (\S+ is tainted, so must be replaced)$`)
)

func provisionSteps() []provisionStep {
	fixed := []string{"-var", "fail_command=echo fixed", "-var", "release=v2"}
	return []provisionStep{
		{Args: []string{"apply", "-auto-approve"}, Code: 1},
		{Args: []string{"plan"}, Code: 0},
		{Args: append([]string{"apply", "-auto-approve"}, fixed...), Code: 0},
		{Args: append([]string{"destroy", "-auto-approve"}, fixed...), Code: 0},
	}
}

// readProvisionResult extracts a step's result from a tool's output and
// state.
func readProvisionResult(code int, out, stateDoc string) provisionResult {
	r := provisionResult{Code: code, Provisioning: map[string][]string{}}
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimRight(line, " \r")
		if m := provisionStartRE.FindStringSubmatch(line); m != nil {
			r.Provisioning[m[1]] = append(r.Provisioning[m[1]], m[2])
		} else if m := provisionLineRE.FindStringSubmatch(line); m != nil {
			r.Provisioning[m[1]] = append(r.Provisioning[m[1]], m[3])
		} else if m := taintedPlanRE.FindStringSubmatch(line); m != nil {
			r.Plan = append(r.Plan, m[1])
		} else if s := planSummary(line); s != "" {
			r.Plan = append(r.Plan, s)
		} else if strings.HasPrefix(strings.TrimLeft(line, "│ "), "Error: ") {
			r.Errors = append(r.Errors, strings.TrimLeft(line, "│ "))
		}
	}
	if len(r.Provisioning) == 0 {
		r.Provisioning = nil
	}
	var st struct {
		Resources []struct {
			Module, Type, Name string
			Instances          []struct {
				IndexKey any    `json:"index_key"`
				Status   string `json:"status"`
			}
		}
	}
	_ = json.Unmarshal([]byte(stateDoc), &st)
	for _, res := range st.Resources {
		for _, in := range res.Instances {
			if in.Status == "tainted" {
				addr := res.Type + "." + res.Name
				if res.Module != "" {
					addr = res.Module + "." + addr
				}
				if in.IndexKey != nil {
					b, _ := json.Marshal(in.IndexKey)
					addr += "[" + string(b) + "]"
				}
				r.Tainted = append(r.Tainted, addr)
			}
		}
	}
	slices.Sort(r.Tainted)
	return r
}

func TestProvisionersMatchTerraform(t *testing.T) {
	t.Parallel()
	const dir = "testdata/terraform-compat/provisioners"
	recordPath := filepath.Join("..", "..", dir, "provisioners.json")
	_, err := exec.LookPath("terraform")
	haveTerraform := err == nil
	if *updateCompat && !haveTerraform {
		t.Fatal("-update needs terraform on PATH")
	}
	steps := provisionSteps()
	var want []provisionResult
	if haveTerraform {
		tf := terraformTool(t, dir)
		for _, st := range steps {
			r := tf.run(st.Code, append(st.Args, "-input=false", "-no-color")...)
			state := ""
			if tf.s.exists(stateFile) {
				state = tf.s.read(stateFile)
			}
			want = append(want, readProvisionResult(r.code, r.stdout+r.stderr, state))
		}
	}
	if *updateCompat {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(recordPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var recorded []provisionResult
	if err := json.Unmarshal([]byte(readFile(t, recordPath)), &recorded); err != nil {
		t.Fatalf("%s: %v", recordPath, err)
	}
	if !haveTerraform {
		t.Logf("terraform is not on PATH: comparing with the results recorded in %s", recordPath)
		want = recorded
	} else if diff := cmp.Diff(recorded, want); diff != "" {
		t.Errorf("Terraform's results differ from those recorded in %s (run with -update) (-recorded +terraform):\n%s", recordPath, diff)
	}

	s := copyStack(t, dir)
	for i, st := range steps {
		r := s.must(st.Code, append(st.Args, "-no-color")...)
		state := ""
		if s.exists(stateFile) {
			state = s.read(stateFile)
		}
		got := readProvisionResult(r.code, r.stdout+r.stderr, state)
		if diff := cmp.Diff(want[i], got); diff != "" {
			t.Errorf("step %d %v: trueup differs from Terraform (-terraform +trueup):\n%s", i+1, st.Args, diff)
		}
		if strings.Contains(r.stdout+r.stderr, "s3cr3t-token") {
			t.Errorf("step %d %v: the sensitive token reached the output", i+1, st.Args)
		}
	}
}
