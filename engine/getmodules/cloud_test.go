package getmodules_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"cloud.google.com/go/storage"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/getmodules/modtest"
	"github.com/trueup/trueup/engine/sandbox"
)

// moduleObjects are a module package laid out as objects, with a
// neighbour that only shares its prefix and a folder marker.
var moduleObjects = map[string]string{
	"modules/net/main.tf":        "variable \"cidr\" {}\n",
	"modules/net/sub/subnets.tf": "output \"n\" { value = 2 }\n",
	"modules/net/":               "",
	"modules/network/other.tf":   "# not part of modules/net\n",
}

func startSandbox(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Buckets: []string{"modules"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb
}

// wantTree asserts dir holds exactly files.
func wantTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		b, _ := os.ReadFile(path)
		got[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if len(got) != len(files) {
		t.Fatalf("fetched %v, want %v", got, files)
	}
	for name, content := range files {
		if got[name] != content {
			t.Fatalf("%s = %q, want %q (all: %v)", name, got[name], content, got)
		}
	}
}

var netPackage = map[string]string{"main.tf": moduleObjects["modules/net/main.tf"], "sub/subnets.tf": moduleObjects["modules/net/sub/subnets.tf"]}

func TestS3SourcesFetchADirectoryOrAnArchiveFromTheSandbox(t *testing.T) {
	sb := startSandbox(t)
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion("us-east-1"),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")))
	if err != nil {
		t.Fatal(err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(sb.S3URL()); o.UsePathStyle = true })
	put := func(key string, body []byte) {
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("modules"), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range moduleObjects {
		put(k, []byte(v))
	}
	put("archives/net.tar.gz", modtest.TarGz(t, map[string]string{"main.tf": "# from the archive\n"}))
	creds := "aws_access_key_id=" + sandbox.AccessKeyID + "&aws_access_key_secret=" + sandbox.SecretAccessKey

	var f getmodules.Fetcher
	for _, c := range []struct {
		name, src string
		want      map[string]string
	}{
		{"a key prefix is a directory, its neighbours are not", "s3::" + sb.S3URL() + "/modules/modules/net?" + creds, netPackage},
		{"an archive object is extracted", "s3::" + sb.S3URL() + "/modules/archives/net.tar.gz?region=us-east-1&" + creds, map[string]string{"main.tf": "# from the archive\n"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "pkg")
			if err := f.Fetch(ctx, c.src, dst); err != nil {
				t.Fatal(err)
			}
			wantTree(t, dst, c.want)
		})
	}

	t.Run("an amazonaws.com URL goes where AWS_ENDPOINT_URL says", func(t *testing.T) {
		for _, kv := range sb.Env() {
			k, v, _ := strings.Cut(kv, "=")
			t.Setenv(k, v)
		}
		// The sandbox answers path-style requests only: the path-style
		// form names the bucket in the path.
		dst := filepath.Join(t.TempDir(), "pkg")
		if err := f.Fetch(ctx, "s3::https://s3.amazonaws.com/modules/modules/net", dst); err != nil {
			t.Fatal(err)
		}
		wantTree(t, dst, netPackage)
	})

	t.Run("a missing key is not found and leaves nothing", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "pkg")
		err := f.Fetch(ctx, "s3::"+sb.S3URL()+"/modules/nothing-here?"+creds, dst)
		if !errors.Is(err, getmodules.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		if _, serr := os.Stat(dst); !os.IsNotExist(serr) {
			t.Fatalf("%s left behind after %v", dst, err)
		}
	})
}

func TestGCSSourcesFetchADirectoryOrAnArchiveFromTheSandbox(t *testing.T) {
	sb := startSandbox(t)
	ctx := context.Background()
	t.Setenv("STORAGE_EMULATOR_HOST", strings.TrimPrefix(sb.GCSURL(), "http://"))
	client, err := storage.NewClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	put := func(name string, body []byte) {
		w := client.Bucket("modules").Object(name).NewWriter(ctx)
		w.Write(body)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range moduleObjects {
		put(k, []byte(v))
	}
	put("archives/net.zip", modtest.Zip(t, map[string]string{"main.tf": "# zipped\n"}))

	var f getmodules.Fetcher
	for _, c := range []struct {
		name, src string
		want      map[string]string
	}{
		{"a path prefix is a directory, its neighbours are not", "gcs::https://www.googleapis.com/storage/v1/modules/modules/net", netPackage},
		{"an archive object is extracted", "gcs::https://www.googleapis.com/storage/v1/modules/archives/net.zip", map[string]string{"main.tf": "# zipped\n"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "pkg")
			if err := f.Fetch(ctx, c.src, dst); err != nil {
				t.Fatal(err)
			}
			wantTree(t, dst, c.want)
		})
	}
	if err := f.Fetch(ctx, "gcs::https://www.googleapis.com/storage/v1/modules/none", filepath.Join(t.TempDir(), "pkg")); !errors.Is(err, getmodules.ErrNotFound) {
		t.Fatalf("missing path: err = %v, want ErrNotFound", err)
	}
	if err := f.Fetch(ctx, "gcs::https://example.com/modules/net", filepath.Join(t.TempDir(), "pkg")); err == nil || !strings.Contains(err.Error(), "not a valid GCS URL") {
		t.Fatalf("bad URL: err = %v", err)
	}
}

func TestHgSourcesCloneAtARevision(t *testing.T) {
	if _, err := exec.LookPath("hg"); err != nil {
		t.Fatal("hg is not installed: scripts/test-deps.sh installs Debian's mercurial")
	}
	t.Parallel()
	repo := filepath.Join(t.TempDir(), "mod")
	hg := func(args ...string) {
		t.Helper()
		cmd := exec.Command("hg", append([]string{"--config", "ui.username=test <t@example.com>"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "HGRCPATH=", "HGPLAIN=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("hg %v: %v\n%s", args, err, out)
		}
	}
	os.MkdirAll(repo, 0o755)
	hg("init")
	modtest.WriteFiles(t, repo, map[string]string{"main.tf": "# v1\n"})
	hg("add", "main.tf")
	hg("commit", "-m", "v1")
	hg("tag", "v1.0.0")
	modtest.WriteFiles(t, repo, map[string]string{"main.tf": "# v2\n"})
	hg("commit", "-m", "v2")

	var f getmodules.Fetcher
	ctx := context.Background()
	dst := filepath.Join(t.TempDir(), "pkg")
	if err := f.Fetch(ctx, "hg::file://"+repo+"?rev=v1.0.0", dst); err != nil {
		t.Fatal(err)
	}
	wantTree(t, dst, map[string]string{"main.tf": "# v1\n"})
	tip := filepath.Join(t.TempDir(), "pkg")
	if err := f.Fetch(ctx, "hg::file://"+repo, tip); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(tip, "main.tf")); string(b) != "# v2\n" {
		t.Fatalf("without rev: main.tf = %q, want the tip's", b)
	}
	if err := f.Fetch(ctx, "hg::file://"+repo+"?rev=v9", filepath.Join(t.TempDir(), "pkg")); !errors.Is(err, getmodules.ErrNotFound) {
		t.Fatalf("unknown rev: err = %v, want ErrNotFound", err)
	}
}
