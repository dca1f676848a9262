package main

import (
	"bytes"
	"testing"
)

func TestCorruptOrForeignStateIsAClearErrorAndIsNeverOverwritten(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		content string
		reason  string
	}{
		{"a truncated document is named with the JSON error", `{"version": 4, "serial": 3, "lineage": "x", "resour`, "JSON"},
		{"another format version is refused", `{"version": 3, "serial": 1, "lineage": "3f1e0f4e-1111-2222-3333-444455556666", "modules": []}`, "version 3"},
		{"a JSON document that is not a state is refused", `{"hello": "world"}` + "\n", "version"},
		{"a binary file is refused", "\x00\x01\xffPK\x03\x04 not text", "JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, map[string]string{
				"main.tf":   `resource "null_resource" "n" {}`,
				stateFile:   tc.content,
				"other.txt": "",
			})
			for _, args := range [][]string{
				{"plan", "-no-color"},
				{"apply", "-auto-approve", "-no-color"},
				{"destroy", "-auto-approve", "-no-color"},
				{"state", "list"},
				{"state", "rm", "null_resource.n"},
				{"show", "-no-color"},
			} {
				r := s.must(1, args...)
				wantContains(t, r, stateFile, tc.reason)
				if got := fileBytes(t, s.path(stateFile)); !bytes.Equal(got, []byte(tc.content)) {
					t.Fatalf("trueup %v changed the corrupt state file", args)
				}
				if s.exists(stateFile+".backup") || s.exists("errored.tfstate") || s.exists(lockFile) {
					t.Fatalf("trueup %v left a backup, an errored.tfstate or a lock behind", args)
				}
			}
		})
	}
}
