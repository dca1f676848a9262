package getproviders_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/getproviders/registrytest"
)

func TestRegistrySourceChecksSignedSums(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64", "darwin_arm64")
	srv.AddProvider("acme", "thing", "1.1.0", "linux_amd64")
	src := getproviders.NewRegistrySource(srv.Client())
	p, _ := getproviders.ParseProvider(srv.Host + "/acme/thing")
	ctx := context.Background()

	vs, err := src.AvailableVersions(ctx, p)
	if err != nil || len(vs) != 2 || vs[1].String() != "1.1.0" {
		t.Fatalf("versions = %v, %v", vs, err)
	}
	v, _ := getproviders.ParseVersion("1.0.0")
	meta, err := src.PackageMeta(ctx, p, v, getproviders.Platform{OS: "linux", Arch: "amd64"})
	if err != nil {
		t.Fatal(err)
	}
	if meta.Authentication != "self-signed, key ID "+srv.KeyID() {
		t.Errorf("authentication = %q", meta.Authentication)
	}
	wantZH := []getproviders.Hash{srv.ZH("terraform-provider-thing_1.0.0_darwin_arm64.zip"), srv.ZH("terraform-provider-thing_1.0.0_linux_amd64.zip")}
	got := getproviders.Hashes(meta.Hashes).Normalize()
	want := getproviders.Hashes(wantZH).Normalize()
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("hashes = %v, want the zh: of both platforms %v", got, want)
	}
	if !strings.HasSuffix(meta.Location.Path, "/files/terraform-provider-thing_1.0.0_linux_amd64.zip") {
		t.Errorf("location = %s", meta.Location)
	}
	if srv.CountRequests(".well-known/terraform.json") != 1 {
		t.Errorf("service discovery requested %d times, want once (cached)", srv.CountRequests(".well-known/terraform.json"))
	}
}

func TestRegistrySourceRefusesBadSignature(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "1.0.0", "linux_amd64")
	srv.BreakSignature()
	p, _ := getproviders.ParseProvider(srv.Host + "/acme/thing")
	v, _ := getproviders.ParseVersion("1.0.0")
	_, err := getproviders.NewRegistrySource(srv.Client()).PackageMeta(context.Background(), p, v, getproviders.Platform{OS: "linux", Arch: "amd64"})
	if err == nil || !strings.Contains(err.Error(), "signature of SHA256SUMS does not verify") || !strings.Contains(err.Error(), p.String()) {
		t.Fatalf("err = %v, want a signature error naming the provider", err)
	}
}

func TestRegistrySourceUnknownProviderIsNotFound(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	p, _ := getproviders.ParseProvider(srv.Host + "/acme/nothing")
	_, err := getproviders.NewRegistrySource(srv.Client()).AvailableVersions(context.Background(), p)
	var nf *getproviders.ErrProviderNotFound
	if !errors.As(err, &nf) {
		t.Fatalf("err = %v, want ErrProviderNotFound", err)
	}
}

func TestNetworkMirrorListsArchivesWithHashes(t *testing.T) {
	srv := registrytest.NewServer()
	defer srv.Close()
	srv.AddProvider("acme", "thing", "2.0.0", "linux_amd64")
	m, err := getproviders.NewNetworkMirror(srv.URL+"/mirror/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := getproviders.ParseProvider(srv.Host + "/acme/thing")
	vs, err := m.AvailableVersions(context.Background(), p)
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions = %v, %v", vs, err)
	}
	meta, err := m.PackageMeta(context.Background(), p, vs[0], getproviders.Platform{OS: "linux", Arch: "amd64"})
	if err != nil {
		t.Fatal(err)
	}
	if meta.Location.Path != srv.URL+"/files/terraform-provider-thing_2.0.0_linux_amd64.zip" || len(meta.Hashes) != 1 || meta.Hashes[0].Scheme() != "h1:" {
		t.Fatalf("meta = %+v", meta)
	}
	if _, err := getproviders.NewNetworkMirror("http://insecure.example/", nil); err == nil {
		t.Fatal("an http network mirror was accepted")
	}
}

func TestFilesystemMirrorFindsPackedAndUnpacked(t *testing.T) {
	dir := t.TempDir()
	if _, err := registrytest.WritePackedMirror(dir, "registry.terraform.io", "hashicorp", "null", "3.2.3", "linux_amd64"); err != nil {
		t.Fatal(err)
	}
	if _, err := registrytest.WriteUnpackedMirror(dir, "registry.terraform.io", "hashicorp", "null", "3.3.0", "linux_amd64"); err != nil {
		t.Fatal(err)
	}
	m := getproviders.NewFilesystemMirror(dir)
	p := getproviders.NewDefaultProvider("null")
	vs, err := m.AvailableVersions(context.Background(), p)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions = %v, %v", vs, err)
	}
	linux := getproviders.Platform{OS: "linux", Arch: "amd64"}
	packed, err := m.PackageMeta(context.Background(), p, vs[0], linux)
	if err != nil || packed.Location.Kind != getproviders.LocalArchive {
		t.Fatalf("3.2.3: %+v, %v", packed, err)
	}
	unpacked, err := m.PackageMeta(context.Background(), p, vs[1], linux)
	if err != nil || unpacked.Location.Kind != getproviders.LocalDir {
		t.Fatalf("3.3.0: %+v, %v", unpacked, err)
	}
	if _, err := m.PackageMeta(context.Background(), p, vs[0], getproviders.Platform{OS: "darwin", Arch: "arm64"}); err == nil {
		t.Fatal("found a darwin package that is not there")
	}
}

func TestMultiSourceMergesVersionsAndTakesFirstPackage(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	registrytest.WritePackedMirror(a, "registry.terraform.io", "hashicorp", "null", "1.0.0", "linux_amd64")
	registrytest.WritePackedMirror(b, "registry.terraform.io", "hashicorp", "null", "1.0.0", "linux_amd64")
	registrytest.WritePackedMirror(b, "registry.terraform.io", "hashicorp", "null", "2.0.0", "linux_amd64")
	ms := getproviders.MultiSource{
		{Source: getproviders.NewFilesystemMirror(a)},
		{Source: getproviders.NewFilesystemMirror(b)},
	}
	p := getproviders.NewDefaultProvider("null")
	vs, err := ms.AvailableVersions(context.Background(), p)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions = %v, %v", vs, err)
	}
	meta, err := ms.PackageMeta(context.Background(), p, vs[0], getproviders.Platform{OS: "linux", Arch: "amd64"})
	if err != nil || !strings.HasPrefix(meta.Location.Path, a) {
		t.Fatalf("1.0.0 from %v (%v), want the first mirror %s", meta.Location, err, a)
	}
	ms[0].Exclude = getproviders.Patterns{{Hostname: "registry.terraform.io", Namespace: "hashicorp", Type: "*"}}
	meta, _ = ms.PackageMeta(context.Background(), p, vs[0], getproviders.Platform{OS: "linux", Arch: "amd64"})
	if !strings.HasPrefix(meta.Location.Path, b) {
		t.Fatalf("with the first mirror excluding hashicorp/*, 1.0.0 came from %v", meta.Location)
	}
}
