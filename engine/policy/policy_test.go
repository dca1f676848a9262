package policy

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func planJSON(changes ...string) []byte {
	return []byte(`{"format_version":"1.2","resource_changes":[` + strings.Join(changes, ",") + `]}`)
}

func change(addr, typ, action, acl string) string {
	return `{"address":"` + addr + `","type":"` + typ + `","change":{"actions":["` + action + `"],"after":{"acl":"` + acl + `"}}}`
}

func TestCheckReportsDenyAndWarnFindingsWithAddresses(t *testing.T) {
	s, err := Load("testdata/plan")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.CheckJSON(context.Background(), planJSON(
		change("aws_s3_bucket.public", "aws_s3_bucket", "create", "public-read"),
		change("aws_s3_bucket.private", "aws_s3_bucket", "create", "private"),
		change("aws_s3_bucket.old", "aws_s3_bucket", "delete", "private"),
	))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Failed() || len(res.Failures) != 1 {
		t.Fatalf("failures %+v, want the public bucket", res.Failures)
	}
	f := res.Failures[0]
	if f.Address != "aws_s3_bucket.public" || f.Namespace != "terraform" || f.Rule != "deny" ||
		f.Message != "aws_s3_bucket.public: buckets must not be public-read" {
		t.Errorf("failure %+v", f)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Message != "aws_s3_bucket.old will be destroyed" || res.Warnings[0].Rule != "warn" {
		t.Errorf("warnings %+v, want the destroyed bucket", res.Warnings)
	}
	// deny_too_many_changes produced nothing: it passed.
	if res.Passed != 1 || res.Tests() != 3 {
		t.Errorf("passed %d of %d, want 1 of 3", res.Passed, res.Tests())
	}
}

func TestCheckOfACleanPlanPassesEveryRule(t *testing.T) {
	s, err := Load("testdata/plan")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.CheckJSON(context.Background(), planJSON(change("aws_s3_bucket.p", "aws_s3_bucket", "create", "private")))
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() || len(res.Warnings) != 0 || res.Passed != 3 {
		t.Errorf("result %+v, want three rules passed", res)
	}
}

func TestRegoV0PoliciesStillLoad(t *testing.T) {
	s, err := Load("testdata/v0")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.CheckJSON(context.Background(), planJSON(change("null_resource.n", "null_resource", "create", "")))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failures) != 1 || res.Failures[0].Message != "null_resource.n: null resources are not allowed" || res.Failures[0].Namespace != "main" {
		t.Errorf("failures %+v", res.Failures)
	}
}

func TestNamespacesRestrictTheCheck(t *testing.T) {
	s, err := Load("testdata/plan", "testdata/v0")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Namespaces(), ","); got != "main,terraform" {
		t.Fatalf("namespaces %s", got)
	}
	res, err := s.CheckJSON(context.Background(), planJSON(change("null_resource.n", "null_resource", "delete", "")), "terraform")
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() || len(res.Warnings) != 1 {
		t.Errorf("result %+v, want only terraform's warning", res)
	}
}

func TestAPolicyThatDoesNotCompileIsALocatedError(t *testing.T) {
	_, err := Load("testdata/broken")
	var errs Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		t.Fatalf("error %v, want located policy errors", err)
	}
	if e := errs[0]; e.File != "testdata/broken/bad.rego" || e.Line != 6 || e.Col == 0 || !strings.Contains(e.Message, "undefined_function") {
		t.Errorf("error %+v, want testdata/broken/bad.rego:6 naming the undefined function", e)
	}
}

func TestSyntaxErrorsAreLocated(t *testing.T) {
	_, err := compile(map[string]string{"p.rego": "package p\n\ndeny contains msg if {\n"})
	if err == nil || !strings.HasPrefix(err.Error(), "p.rego:") {
		t.Fatalf("error %v, want one located in p.rego", err)
	}
}

func TestNoPoliciesIsAnError(t *testing.T) {
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no policies") {
		t.Errorf("error %v", err)
	}
}

func TestPolicyUnitTestsRun(t *testing.T) {
	s, err := Load("testdata/plan")
	if err != nil {
		t.Fatal(err)
	}
	results, err := s.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range results {
		got[r.Name] = r.Pass
	}
	want := map[string]bool{"test_public_bucket_denied": true, "test_private_bucket_allowed": true, "test_deliberately_wrong": false}
	for name, pass := range want {
		if p, ok := got[name]; !ok || p != pass {
			t.Errorf("%s: pass=%v (ran %v), want %v", name, p, ok, pass)
		}
	}
}

func TestCheckStopsWhenCancelled(t *testing.T) {
	s, err := Load("testdata/plan")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.CheckJSON(ctx, planJSON()); err == nil {
		t.Error("a cancelled check succeeded")
	}
}
