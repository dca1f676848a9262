package modsrc

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestParseNormalisesAsTerraform(t *testing.T) {
	cases := []struct {
		raw, want, kind, subdir string
	}{
		{"./modules/net", "./modules/net", "local", ""},
		{"./modules//net/", "./modules/net", "local", ""},
		{"../shared/x/../y", "../shared/y", "local", ""},
		{`.\win\mod`, "./win/mod", "local", ""},
		{"hashicorp/consul/aws", "registry.terraform.io/hashicorp/consul/aws", "registry", ""},
		{"app.terraform.io/acme/vpc/aws//modules/sub", "app.terraform.io/acme/vpc/aws//modules/sub", "registry", "modules/sub"},
		{"Example.COM:443/acme/vpc/aws", "example.com/acme/vpc/aws", "registry", ""},
		{"127.0.0.1:8443/acme/vpc/aws", "127.0.0.1:8443/acme/vpc/aws", "registry", ""},
		{"github.com/hashicorp/example", "git::https://github.com/hashicorp/example.git", "remote", ""},
		{"github.com/hashicorp/example//modules/a?ref=v1.2.0", "git::https://github.com/hashicorp/example.git//modules/a?ref=v1.2.0", "remote", "modules/a"},
		{"github.com/hashicorp/example/modules/a", "git::https://github.com/hashicorp/example.git//modules/a", "remote", "modules/a"},
		{"bitbucket.org/acme/infra", "git::https://bitbucket.org/acme/infra.git", "remote", ""},
		{"git@github.com:acme/infra.git", "git::ssh://git@github.com/acme/infra.git", "remote", ""},
		{"git::git@github.com:acme/infra.git?ref=main", "git::ssh://git@github.com/acme/infra.git?ref=main", "remote", ""},
		{"git::https://example.com/vpc.git?ref=v1.2.0", "git::https://example.com/vpc.git?ref=v1.2.0", "remote", ""},
		{"git::https://example.com/vpc.git//sub/dir?ref=v1.2.0&depth=1", "git::https://example.com/vpc.git//sub/dir?ref=v1.2.0&depth=1", "remote", "sub/dir"},
		{"git::file:///srv/repo//modules/sub?ref=main", "git::file:///srv/repo//modules/sub?ref=main", "remote", "modules/sub"},
		{"git::ssh://git@example.com/infra.git", "git::ssh://git@example.com/infra.git", "remote", ""},
		{"https://example.com/vpc-module.zip", "https://example.com/vpc-module.zip", "remote", ""},
		{"https://example.com/vpc?archive=zip", "https://example.com/vpc?archive=zip", "remote", ""},
		{"s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip", "s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip", "remote", ""},
		{"bucket.s3.amazonaws.com/vpc.zip", "s3::https://s3.amazonaws.com/bucket/vpc.zip", "remote", ""},
		{"bucket.s3-eu-west-1.amazonaws.com/mods/vpc", "s3::https://s3-eu-west-1.amazonaws.com/bucket/mods/vpc", "remote", ""},
		{"bucket.s3.eu-west-1.amazonaws.com/mods/vpc", "s3::https://s3.eu-west-1.amazonaws.com/bucket/mods/vpc", "remote", ""},
		{"www.googleapis.com/storage/v1/bucket/vpc.zip", "gcs::https://www.googleapis.com/storage/v1/bucket/vpc.zip", "remote", ""},
		{"/abs/modules/vpc", "file:///abs/modules/vpc", "remote", ""},
	}
	for _, c := range cases {
		t.Run(c.raw, func(t *testing.T) {
			src, err := Parse(c.raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := src.String(); got != c.want {
				t.Errorf("String() = %q, want %q", got, c.want)
			}
			kind, subdir := "local", ""
			switch s := src.(type) {
			case Registry:
				kind, subdir = "registry", s.Subdir
			case Remote:
				kind, subdir = "remote", s.Subdir
			}
			if kind != c.kind || subdir != c.subdir {
				t.Errorf("kind, subdir = %s, %q; want %s, %q", kind, subdir, c.kind, c.subdir)
			}
		})
	}
}

func TestRemotePackageAndGetter(t *testing.T) {
	src, err := Parse("git::https://example.com/vpc.git//sub?ref=v1")
	if err != nil {
		t.Fatal(err)
	}
	r := src.(Remote)
	if r.Package != "git::https://example.com/vpc.git?ref=v1" || r.Getter() != "git" || r.URL() != "https://example.com/vpc.git?ref=v1" {
		t.Errorf("got %+v getter %q url %q", r, r.Getter(), r.URL())
	}
	if g := (Remote{Package: "https://example.com/m.zip"}).Getter(); g != "https" {
		t.Errorf("getter of an https URL = %q", g)
	}
}

func TestParseRejectsWithTerraformsReasons(t *testing.T) {
	cases := []struct{ raw, want string }{
		{"github.com/acme/vpc/aws", `can't use "github.com" as a module registry host`},
		{"example.com/acme/vpc", "must have three more components after the hostname"},
		{"acme/-vpc/aws", `invalid module name "-vpc"`},
		{"acme/vpc/AWS", `invalid target system "AWS"`},
		{"acme/vpc/aws?ref=1", "may not include a query string"},
		{"acme/vpc", "three or four slash-separated components"},
		{"localhost/acme/vpc/aws", "must contain at least one dot"},
		{"./local", `can't use local directory "./local"`},
		{"acme/vpc/aws//../x", "leads outside of the module package"},
	}
	for _, c := range cases {
		t.Run(c.raw, func(t *testing.T) {
			_, err := ParseRegistry(c.raw)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParseRegistry(%q) = %v, want an error containing %q", c.raw, err, c.want)
			}
		})
	}
}

func TestParseRelativePathWithoutDotSlash(t *testing.T) {
	_, err := Parse("modules/x")
	var rel *MaybeRelativePathError
	if !errors.As(err, &rel) || rel.Addr != "modules/x" {
		t.Fatalf("Parse(modules/x) = %v, want a MaybeRelativePathError", err)
	}
	if _, err := Parse("git::https://example.com/x.git//../up"); err == nil || !strings.Contains(err.Error(), "leads outside") {
		t.Fatalf("subdir escaping the package: %v", err)
	}
}

func TestParseCallDiagnostics(t *testing.T) {
	rng := hcl.Range{Filename: "main.tf", Start: hcl.Pos{Line: 2, Column: 12}, End: hcl.Pos{Line: 2, Column: 24}}
	cases := []struct {
		raw        string
		hasVersion bool
		summary    string
		detail     string
	}{
		{"./x", true, "Invalid registry module source address", `can't use local directory "./x" as a module registry address`},
		{"modules/x", false, "Invalid module source address", `use "./modules/x" instead`},
	}
	for _, c := range cases {
		src, diags := ParseCall(c.raw, c.hasVersion, rng)
		if src != nil || len(diags) != 1 {
			t.Fatalf("ParseCall(%q): %v %v", c.raw, src, diags)
		}
		d := diags[0]
		if d.Summary != c.summary || !strings.Contains(d.Detail, c.detail) || d.Subject == nil || *d.Subject != rng {
			t.Errorf("ParseCall(%q) = %q / %q at %v", c.raw, d.Summary, d.Detail, d.Subject)
		}
	}
	if src, diags := ParseCall("acme/vpc/aws", true, rng); diags.HasErrors() || src.String() != "registry.terraform.io/acme/vpc/aws" {
		t.Errorf("registry with version: %v %v", src, diags)
	}
}

func TestRedactHidesCredentials(t *testing.T) {
	cases := map[string]string{
		"git::https://user:s3cret@example.com/vpc.git?ref=v1":            "git::https://user:***@example.com/vpc.git?ref=v1",
		"git::ssh://git@example.com/vpc.git?sshkey=LS0tLS1CRUdJTg&ref=v": "git::ssh://git@example.com/vpc.git?sshkey=***&ref=v",
		"https://b.s3.amazonaws.com/m.zip?X-Amz-Signature=abc&x=1":       "https://b.s3.amazonaws.com/m.zip?X-Amz-Signature=***&x=1",
		"registry.terraform.io/acme/vpc/aws":                             "registry.terraform.io/acme/vpc/aws",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
