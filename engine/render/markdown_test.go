package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/policy"
	"github.com/zclconf/go-cty/cty"
)

const (
	testCommit = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
	testRunURL = "https://trueup.example.com/runs/42"
)

func bucket(name string) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{
		"bucket": cty.StringVal(name),
		"tags":   cty.MapVal(map[string]cty.Value{"team": cty.StringVal("platform")}),
		"id":     cty.StringVal(name),
	})
}

// smallPlan creates one bucket and updates another's tags.
func smallPlan() *plans.Plan {
	after := bucket("acme-logs")
	return &plans.Plan{Changes: []*plans.ResourceChange{
		{
			Addr: res("aws_s3_bucket", "audit", addrs.NoKey), Action: plans.Create, ProviderKey: "aws",
			Before: cty.NullVal(after.Type()),
			After: cty.ObjectVal(map[string]cty.Value{
				"bucket": cty.StringVal("acme-audit"), "tags": cty.MapVal(map[string]cty.Value{"team": cty.StringVal("security")}),
				"id": cty.UnknownVal(cty.String),
			}),
		},
		{
			Addr: res("aws_s3_bucket", "logs", addrs.NoKey), Action: plans.Update, ProviderKey: "aws",
			Before: after,
			After: cty.ObjectVal(map[string]cty.Value{
				"bucket": cty.StringVal("acme-logs"), "tags": cty.MapVal(map[string]cty.Value{"team": cty.StringVal("platform"), "retention": cty.StringVal("90d")}),
				"id": cty.StringVal("acme-logs"),
			}),
		},
		{
			Addr: res("aws_s3_bucket", "same", addrs.NoKey), Action: plans.NoOp, ProviderKey: "aws",
			Before: bucket("acme-same"), After: bucket("acme-same"),
		},
	}}
}

// bigPlan has n changes of every kind, a sensitive attribute each.
func bigPlan(n int) *plans.Plan {
	p := &plans.Plan{}
	ty := cty.Object(map[string]cty.Type{"content": cty.String, "filename": cty.String, "password": cty.String, "id": cty.String})
	obj := func(i int, content string, id cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"content": cty.StringVal(content), "filename": cty.StringVal(fmt.Sprintf("out/file-%04d.txt", i)),
			"password": cty.StringVal("pw-secret-" + fmt.Sprint(i)).Mark(sensitiveMark), "id": id,
		})
	}
	actions := []plans.Action{plans.Create, plans.Update, plans.Delete, plans.DeleteThenCreate}
	for i := range n {
		rc := &plans.ResourceChange{Addr: res("local_file", "f", addrs.IntKey(i)), ProviderKey: "local", Action: actions[i%len(actions)]}
		switch rc.Action {
		case plans.Create:
			rc.Before, rc.After = cty.NullVal(ty), obj(i, "new", cty.UnknownVal(cty.String))
		case plans.Update:
			rc.Before, rc.After = obj(i, "old", cty.StringVal("x")), obj(i, "new", cty.StringVal("x"))
		case plans.Delete:
			rc.Before, rc.After = obj(i, "old", cty.StringVal("x")), cty.NullVal(ty)
		default:
			rc.Before, rc.After = obj(i, "old", cty.StringVal("x")), obj(i, "new", cty.UnknownVal(cty.String))
			rc.RequiredReplace = []cty.Path{cty.GetAttrPath("content")}
		}
		p.Changes = append(p.Changes, rc)
	}
	return p
}

func TestPRCommentMatchesGolden(t *testing.T) {
	noChanges := smallPlan()
	noChanges.Changes = noChanges.Changes[2:]
	drift := samplePlan()
	drift.Mode, drift.Changes, drift.Outputs = plans.RefreshOnlyMode, nil, nil
	cases := []struct {
		file string
		in   CommentInput
	}{
		{"comment_small.md", CommentInput{Stack: "prod", Commit: testCommit, Source: "https://github.com/acme/infra.git//stacks/prod", Plan: smallPlan(), RunURL: testRunURL}},
		{"comment_destroys.md", CommentInput{Stack: "prod", Commit: testCommit, Plan: samplePlan(), RunURL: testRunURL}},
		{"comment_no_changes.md", CommentInput{Stack: "staging", Commit: testCommit, Plan: noChanges}},
		{"comment_errors.md", CommentInput{Stack: "prod", Commit: testCommit, RunURL: testRunURL, Errors: []string{
			"Error: Unsupported argument\n\n  on main.tf line 4, in resource \"aws_s3_bucket\" \"logs\":\n   4:   buckett = \"acme-logs\"\n\nAn argument named \"buckett\" is not expected here. Did you mean \"bucket\"?",
			"Error: Reference to undeclared input variable\n\n  on main.tf line 9:\n   9:   tags = var.tag\n\nAn input variable with the name \"tag\" has not been declared.",
		}}},
		{"comment_drift.md", CommentInput{Stack: "prod", Commit: testCommit, Plan: drift, RunURL: testRunURL}},
		{"comment_truncated.md", CommentInput{Stack: "big", Commit: testCommit, Plan: bigPlan(2000), RunURL: testRunURL}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got := PRComment(tc.in)
			checkMarkdown(t, got)
			checkGolden(t, tc.file, []byte(got))
		})
	}
}

func TestPRCommentStartsWithAHeadingNamingStackAndCommit(t *testing.T) {
	got := PRComment(CommentInput{Stack: "prod", Commit: testCommit, Plan: smallPlan()})
	if !strings.HasPrefix(got, "### trueup plan for `prod` at `0d1a26e`\n") {
		t.Errorf("comment starts %q", firstLine(got))
	}
	if !strings.Contains(got, testCommit) {
		t.Error("comment does not carry the full commit ID")
	}
}

func TestPRCommentSummaryComesBeforeDetails(t *testing.T) {
	got := PRComment(CommentInput{Stack: "prod", Commit: testCommit, Plan: samplePlan()})
	table := strings.Index(got, "| `prod` | 1 | 1 | 1 | 2 |")
	callout := strings.Index(got, "**Warning: this plan destroys 1 resource and replaces 2 resources:**")
	details := strings.Index(got, "<details>")
	if table < 0 || callout < 0 || details < 0 || !(table < callout && callout < details) {
		t.Errorf("want the table (%d), then the call-out (%d), then details (%d):\n%s", table, callout, details, got)
	}
	for _, addr := range []string{"`local_file.old` will be **destroyed**", "`local_file.notes` will be **replaced**", "`random_password.db` will be **replaced**"} {
		if i := strings.Index(got, addr); i < 0 || i > details {
			t.Errorf("call-out %q missing or after the details", addr)
		}
	}
}

func TestPRCommentRedactsSensitiveValues(t *testing.T) {
	for name, in := range map[string]CommentInput{
		"sample": {Stack: "prod", Plan: samplePlan()},
		"big":    {Stack: "big", Plan: bigPlan(40)},
	} {
		got := PRComment(in)
		for _, secret := range []string{"hunter2", "old-secret", "new-secret", "pw-secret"} {
			if strings.Contains(got, secret) {
				t.Errorf("%s comment contains the sensitive value %q", name, secret)
			}
		}
		if !strings.Contains(got, "(sensitive value)") {
			t.Errorf("%s comment does not show (sensitive value) where a secret changed", name)
		}
	}
}

func TestPRCommentUsesDiffMarkersInTheFirstColumn(t *testing.T) {
	got := PRComment(CommentInput{Stack: "prod", Plan: samplePlan()})
	for _, want := range []string{
		"```diff\n",
		"+   resource \"null_resource\" \"deploy\" {",
		"-   resource \"local_file\" \"old\" {",
		"!   resource \"null_resource\" \"tagged\" {",
		"!       content  = \"edited\" -> \"v1\" # forces replacement",
		"-/+ resource \"local_file\" \"notes\" {",
		"\n            bye\n", // heredoc content untouched
	} {
		if !strings.Contains(got, want) {
			t.Errorf("comment lacks %q", want)
		}
	}
}

func TestPRCommentIsNeverEmpty(t *testing.T) {
	cases := []struct {
		name string
		in   CommentInput
		want string
	}{
		{"no plan and no error says so", CommentInput{Stack: "prod"}, "No plan was produced"},
		{"an empty plan says no changes", CommentInput{Stack: "prod", Plan: &plans.Plan{}}, "**No changes.**"},
		{"outputs-only plan says so", CommentInput{Stack: "prod", Plan: &plans.Plan{Outputs: []*plans.OutputChange{
			{Name: "url", Action: plans.Create, Before: cty.NullVal(cty.String), After: cty.StringVal("https://x")},
		}}}, "Only output values change."},
		{"errors are shown even with a partial plan", CommentInput{Stack: "prod", Plan: smallPlan(), Errors: []string{"Error: boom"}}, "**Planning failed** with 1 error:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := PRComment(tc.in)
			checkMarkdown(t, got)
			if !strings.Contains(got, tc.want) {
				t.Errorf("comment lacks %q:\n%s", tc.want, got)
			}
		})
	}
}

func TestPRCommentTruncatesUnderTheLimit(t *testing.T) {
	cases := []struct {
		name  string
		limit int
		n     int
	}{
		{"2,000 resources fit GitHub's default limit", 0, 2000},
		{"200 resources fit a 20,000-byte limit", 20000, 200},
		{"a limit that fits no details keeps the summary", 3000, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := PRComment(CommentInput{Stack: "big", Commit: testCommit, Plan: bigPlan(tc.n), RunURL: testRunURL, Limit: tc.limit})
			limit := tc.limit
			if limit == 0 {
				limit = DefaultCommentLimit
			}
			if len(got) > limit {
				t.Errorf("comment is %d bytes, limit %d", len(got), limit)
			}
			checkMarkdown(t, got)
			if !strings.Contains(got, fmt.Sprintf("| `big` | %d | %d | %d | %d |", tc.n/4, tc.n/4, tc.n/4, tc.n/4)) {
				t.Error("summary table missing")
			}
			shown := strings.Count(got, "<details>")
			note := fmt.Sprintf("Output truncated: %d of %d resource changes shown.", shown, tc.n)
			if !strings.Contains(got, note) || !strings.Contains(got, "Full plan: "+testRunURL) {
				t.Errorf("comment lacks the note %q and the run link; it ends:\n%s", note, tail(got, 400))
			}
			if limit-len(got) > 2000 && shown > 0 {
				t.Errorf("comment is %d bytes under a %d limit: details that fit were dropped", len(got), limit)
			}
		})
	}
}

func TestPRCommentFencesSurviveBackticksInValues(t *testing.T) {
	p := &plans.Plan{Changes: []*plans.ResourceChange{{
		Addr: res("local_file", "readme", addrs.NoKey), Action: plans.Create, ProviderKey: "local",
		Before: cty.NullVal(cty.Object(map[string]cty.Type{"content": cty.String})),
		After:  cty.ObjectVal(map[string]cty.Value{"content": cty.StringVal("# Title\n```sh\nmake\n```\n</details>\n")}),
	}}}
	got := PRComment(CommentInput{Stack: "docs`y", Plan: p})
	checkMarkdown(t, got)
	if !strings.Contains(got, "````diff\n") {
		t.Errorf("a value holding ``` was not fenced with a longer fence:\n%s", got)
	}
}

func TestPRCommentWithinATinyLimit(t *testing.T) {
	got := PRComment(CommentInput{Stack: "prod", Plan: bigPlan(50), Limit: 200, RunURL: testRunURL})
	if len(got) > 200 || got == "" {
		t.Errorf("comment under a 200-byte limit is %d bytes: %q", len(got), got)
	}
}

// checkMarkdown fails unless every fence and <details> tag is closed.
func checkMarkdown(t *testing.T, md string) {
	t.Helper()
	fence, depth := 0, 0
	for i, line := range strings.Split(md, "\n") {
		ticks := longestPrefix(line, '`')
		switch {
		case fence > 0:
			if ticks >= fence && strings.TrimRight(line, "`") == "" {
				fence = 0
			}
		case ticks >= 3:
			fence = ticks
		default:
			depth += strings.Count(line, "<details>") - strings.Count(line, "</details>")
			if depth < 0 {
				t.Fatalf("line %d closes a <details> that is not open", i+1)
			}
		}
	}
	if fence > 0 || depth != 0 {
		t.Errorf("unbalanced Markdown: open fence %d, open <details> %d", fence, depth)
	}
}

func longestPrefix(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func tail(s string, n int) string { return s[max(0, len(s)-n):] }

func TestPRCommentShowsPolicyFindingsInTheSummary(t *testing.T) {
	res := &policy.Result{
		Failures: []policy.Finding{{Namespace: "terraform", Rule: "deny", Message: "buckets | must not be public", Address: "aws_s3_bucket.b"}},
		Warnings: []policy.Finding{{Namespace: "terraform", Rule: "warn", Message: "old bucket will be destroyed"}},
	}
	out := PRComment(CommentInput{Stack: "web", Commit: "abc", Plan: bigPlan(200), Policy: res, Limit: 4000})
	for _, want := range []string{
		"**Policy check failed**: 1 failure, 1 warning. The apply is blocked",
		"| ❌ | `terraform.deny` | `aws_s3_bucket.b` | buckets \\| must not be public |",
		"| ⚠️ | `terraform.warn` |  | old bucket will be destroyed |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("comment lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "Policy check"), strings.Index(out, "<details>"); j >= 0 && i > j {
		t.Error("the policy verdict comes after the details: it must survive truncation")
	}
	passed := PRComment(CommentInput{Stack: "web", Commit: "abc", Plan: smallPlan(), Policy: &policy.Result{Passed: 3}})
	if !strings.Contains(passed, "**Policy check passed** (3 rules).") {
		t.Errorf("comment lacks the passed verdict:\n%s", passed)
	}
}

// TestDiffLinesMovesTheMarkersOfAHeredocsLines checks that a changed
// multi-line string's - and + lines are coloured as a diff's, and that a
// line of text that starts with "- " is not taken for a marker.
func TestDiffLinesMovesTheMarkersOfAHeredocsLines(t *testing.T) {
	in := `      ~ text   = <<-EOT
            first
          - second
          + second changed
            - a list item
        EOT
      + yaml   = <<-EOT
            - item
        EOT -> null
      ~ after  = "a" -> "b"
`
	want := `!       text   = <<-EOT
            first
-           second
+           second changed
            - a list item
        EOT
+       yaml   = <<-EOT
            - item
        EOT -> null
!       after  = "a" -> "b"
`
	if got := diffLines(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
