package main

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// stateFile is the default local state path inside a stack.
const stateFile = "terraform.tfstate"

// lockFile is the local backend's lock file for stateFile.
const lockFile = ".terraform.tfstate.lock.info"

// state decodes the stack's state file with engine/state; the test fails
// when it is missing or does not decode.
func (s *stack) state() *state.State {
	s.t.Helper()
	st, err := state.Decode([]byte(s.read(stateFile)))
	if err != nil {
		s.t.Fatalf("decoding %s: %v", stateFile, err)
	}
	return st
}

// addresses lists every current (not deposed) object in st by address,
// as `state list` prints them, sorted.
func addresses(st *state.State) []string {
	var out []string
	for _, r := range st.Resources {
		for _, inst := range r.Instances {
			if inst.Deposed != "" {
				continue
			}
			out = append(out, r.InstanceAddr(inst).String())
		}
	}
	slices.Sort(out)
	return out
}

// objectCount counts every object in st, deposed ones included.
func objectCount(st *state.State) int {
	n := 0
	for _, r := range st.Resources {
		n += len(r.Instances)
	}
	return n
}

// attrs returns the attributes of the object at addr (as `state list`
// prints it), decoded from JSON; the test fails when there is none.
func attrs(t *testing.T, st *state.State, addr string) map[string]any {
	t.Helper()
	for _, r := range st.Resources {
		for _, inst := range r.Instances {
			if inst.Deposed == "" && r.InstanceAddr(inst).String() == addr {
				var m map[string]any
				if err := json.Unmarshal(inst.Attributes, &m); err != nil {
					t.Fatalf("attributes of %s: %v", addr, err)
				}
				return m
			}
		}
	}
	t.Fatalf("no object %s in state; state has %v", addr, addresses(st))
	return nil
}

// attr returns one string attribute of the object at addr.
func attr(t *testing.T, st *state.State, addr, name string) string {
	t.Helper()
	v, ok := attrs(t, st, addr)[name].(string)
	if !ok {
		t.Fatalf("%s has no string attribute %q", addr, name)
	}
	return v
}

// wantAddresses fails the test unless st holds exactly want (in any order).
func wantAddresses(t *testing.T, st *state.State, want ...string) {
	t.Helper()
	got := addresses(st)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("state holds %v, want %v", got, want)
	}
}

// flat collapses runs of whitespace into one space, so that assertions do
// not depend on how the output wraps long lines.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// wantContains fails the test unless r's output (stdout and stderr)
// contains each of subs, compared with whitespace collapsed.
func wantContains(t *testing.T, r result, subs ...string) {
	t.Helper()
	out := flat(r.output())
	for _, sub := range subs {
		if !strings.Contains(out, flat(sub)) {
			t.Errorf("output lacks %q\n%s", sub, r)
		}
	}
}

// wantMatch fails the test unless r's output matches each regular
// expression.
func wantMatch(t *testing.T, r result, exprs ...string) {
	t.Helper()
	for _, e := range exprs {
		if !regexp.MustCompile(e).MatchString(r.output()) {
			t.Errorf("output does not match %s\n%s", e, r)
		}
	}
}

// wantNotContains fails the test when r's output contains any of subs.
func wantNotContains(t *testing.T, r result, subs ...string) {
	t.Helper()
	out := r.output()
	for _, sub := range subs {
		if strings.Contains(out, sub) {
			t.Errorf("output contains %q, it must not\n%s", sub, r)
		}
	}
}

// fileBytes returns a file's bytes, or nil when it does not exist.
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}
