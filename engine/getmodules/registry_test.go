package getmodules

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getmodules/modtest"
	"github.com/trueup/trueup/engine/modsrc"
)

func mustRegistryAddr(t *testing.T, raw string) modsrc.Registry {
	t.Helper()
	a, err := modsrc.ParseRegistry(raw)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestRegistryProtocol(t *testing.T) {
	reg := modtest.StartRegistry(t)
	reg.AddArchive(t, "acme/vpc/aws", "1.0.0", "", map[string]string{"main.tf": "# 1.0.0\n"})
	reg.AddArchive(t, "acme/vpc/aws", "1.2.0", "", map[string]string{"main.tf": "# 1.2.0\n"})
	t.Setenv(TokenEnv(reg.Host), "s3cr3t")
	client := &Registry{HTTP: reg.Client()}
	addr := mustRegistryAddr(t, reg.Host+"/acme/vpc/aws")

	vs, err := client.Versions(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(vs)
	if strings.Join(vs, ",") != "1.0.0,1.2.0" {
		t.Errorf("versions = %v", vs)
	}
	loc, err := client.Location(context.Background(), addr, "1.2.0")
	if err != nil {
		t.Fatal(err)
	}
	if want := reg.URL + "/files/acme-vpc-aws-1.2.0.tar.gz"; loc != want {
		t.Errorf("location = %q, want the relative X-Terraform-Get resolved: %q", loc, want)
	}
	var paths []string
	for _, r := range reg.Requests() {
		paths = append(paths, r.Path)
		if r.Authorization != "Bearer s3cr3t" {
			t.Errorf("%s sent without the TF_TOKEN_ token: %q", r.Path, r.Authorization)
		}
	}
	want := "/.well-known/terraform.json /api/modules/v1/acme/vpc/aws/versions /api/modules/v1/acme/vpc/aws/1.2.0/download"
	if strings.Join(paths, " ") != want {
		t.Errorf("requests = %v, want discovery once, then versions and download", paths)
	}
}

func TestRegistryFailuresAreClassified(t *testing.T) {
	reg := modtest.StartRegistry(t)
	notRegistry := newTLS(t, http.NotFoundHandler(), reg)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	client := &Registry{HTTP: reg.Client(), Token: func(string) string { return "" }}
	cases := []struct {
		name, addr string
		kind       error
		text       string
	}{
		{"unknown module", reg.Host + "/acme/nothing/aws", ErrNotFound, "not found in the registry"},
		{"host without registry", strings.TrimPrefix(notRegistry, "https://") + "/acme/vpc/aws", ErrNoRegistry, "does not provide a module registry"},
		{"unreachable host", closed + "/acme/vpc/aws", nil, "connection refused"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := client.Versions(context.Background(), mustRegistryAddr(t, c.addr))
			if err == nil || (c.kind != nil && !errors.Is(err, c.kind)) || !strings.Contains(err.Error(), c.text) {
				t.Fatalf("Versions = %v, want %v containing %q", err, c.kind, c.text)
			}
		})
	}
}

func TestTokenEnvFollowsTerraform(t *testing.T) {
	if got := TokenEnv("my-registry.example.com:8443"); got != "TF_TOKEN_my__registry_example_com" {
		t.Errorf("TokenEnv = %q", got)
	}
}

func TestRegistryTimeoutFollowsTerraformsVariable(t *testing.T) {
	t.Setenv("TF_REGISTRY_CLIENT_TIMEOUT", "3")
	if got := registryTimeout(); got.Seconds() != 3 {
		t.Errorf("timeout = %v", got)
	}
	t.Setenv("TF_REGISTRY_CLIENT_TIMEOUT", "")
	if got := registryTimeout(); got.Seconds() != 10 {
		t.Errorf("default timeout = %v", got)
	}
}
