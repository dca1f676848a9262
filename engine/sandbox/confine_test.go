package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"google.golang.org/api/googleapi"

	"github.com/trueup/trueup/engine/sandbox"
)

// confined is a persistent sandbox whose data directory sits two levels
// below a directory holding a victim file, so that "../../victim" from a
// bucket of the GCS store (DIR/data/gcs/BUCKET) is DIR/victim.
type confined struct {
	sb     *sandbox.Sandbox
	victim string
	// up is the relative path from a GCS bucket directory to the victim.
	up string
}

func startConfined(t *testing.T) confined {
	t.Helper()
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("untouched"), 0o600); err != nil {
		t.Fatal(err)
	}
	sb := mustStart(t, sandbox.Options{DataDir: filepath.Join(dir, "data"), Buckets: []string{"bkt"}})
	return confined{sb: sb, victim: victim, up: "../../../victim"}
}

// assertVictim fails unless the victim file and the directory around the
// data directory are as the test left them.
func (c confined) assertVictim(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile(c.victim)
	if err != nil || string(b) != "untouched" {
		t.Fatalf("victim outside the data directory = %q, %v; want it untouched", b, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(c.victim))
	for _, e := range entries {
		if e.Name() != "victim" && e.Name() != "data" {
			t.Errorf("the sandbox created %s outside its data directory", e.Name())
		}
	}
}

func TestGCSClientCannotWriteOrDeleteOutsideDataDir(t *testing.T) {
	ctx := context.Background()
	c := startConfined(t)
	gcs := gcsClient(t, c.sb)
	if err := putGCS(ctx, gcs, "bkt", "ok", "source"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{c.up, "a/../" + c.up, "/tmp/absolute", `..\..\victim`, "..%2F..%2Fvictim", "x/./y"} {
		err := putGCS(ctx, gcs, "bkt", name, "overwritten")
		var gerr *googleapi.Error
		if !errors.As(err, &gerr) || gerr.Code != http.StatusBadRequest || !strings.Contains(gerr.Message, "Invalid object name") {
			t.Errorf("upload %q: err = %v, want GCS's 400 Invalid object name", name, err)
		}
		err = gcs.Bucket("bkt").Object(name).Delete(ctx)
		if !errors.As(err, &gerr) || gerr.Code != http.StatusBadRequest {
			t.Errorf("delete %q: err = %v, want GCS's 400", name, err)
		}
		if _, err := gcs.Bucket("bkt").Object(name).CopierFrom(gcs.Bucket("bkt").Object("ok")).Run(ctx); err == nil {
			t.Errorf("copy to %q succeeded", name)
		}
	}
	if err := gcs.Bucket("..").Create(ctx, "p", nil); err == nil {
		t.Errorf("creating the bucket %q succeeded", "..")
	}
	if err := gcs.Bucket("..").Delete(ctx); err == nil {
		t.Errorf("deleting the bucket %q succeeded", "..")
	}
	c.assertVictim(t)
	if _, err := os.Stat(filepath.Dir(c.victim)); err != nil {
		t.Fatalf("the data directory's parent is gone: %v", err)
	}
}

func TestGCSRequestsNamingOutsideAreRefusedWherevertheNameIs(t *testing.T) {
	c := startConfined(t)
	url := c.sb.GCSURL()
	meta := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	related := "--B\r\nContent-Type: application/json\r\n\r\n" + meta(map[string]string{"name": c.up}) +
		"\r\n--B\r\nContent-Type: text/plain\r\n\r\noverwritten\r\n--B--\r\n"
	form := "--B\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n" + c.up +
		"\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\noverwritten\r\n--B--\r\n"
	batch := "--B\r\nContent-Type: application/http\r\n\r\nDELETE /storage/v1/b/bkt/o/" + strings.ReplaceAll(c.up, "/", "%2F") +
		" HTTP/1.1\r\nHost: x\r\n\r\n\r\n--B--\r\n"
	for name, req := range map[string]struct{ method, path, ctype, body string }{
		"media upload named by its name parameter": {"POST", "/upload/storage/v1/b/bkt/o?uploadType=media&name=..%2F..%2F..%2Fvictim", "text/plain", "overwritten"},
		"multipart upload named in its metadata":   {"POST", "/upload/storage/v1/b/bkt/o?uploadType=multipart", "multipart/related; boundary=B", related},
		"resumable upload named in its metadata":   {"POST", "/upload/storage/v1/b/bkt/o?uploadType=resumable", "application/json", meta(map[string]string{"name": c.up})},
		"path-style upload":                        {"PUT", "/bkt/..%2F..%2F..%2Fvictim", "text/plain", "overwritten"},
		"path-style upload with raw dots":          {"PUT", "/bkt/../../../victim", "text/plain", "overwritten"},
		"double-encoded separators":                {"PUT", "/bkt/..%252F..%252Fvictim", "text/plain", "overwritten"},
		"form upload named by its key":             {"POST", "/bkt", "multipart/form-data; boundary=B", form},
		"bucket insert named dot-dot":              {"POST", "/storage/v1/b", "application/json", meta(map[string]string{"name": ".."})},
		"bucket delete of dot-dot":                 {"DELETE", "/storage/v1/b/..", "", ""},
		"bucket delete of encoded dot-dot":         {"DELETE", "/storage/v1/b/%2E%2E", "", ""},
		"compose into a name outside":              {"POST", "/storage/v1/b/bkt/o/x/compose", "application/json", meta(map[string]any{"destination": map[string]string{"name": c.up}, "sourceObjects": []map[string]string{{"name": "ok"}}})},
		"batch deleting a name outside":            {"POST", "/batch/storage/v1", "multipart/mixed; boundary=B", batch},
		"object delete with encoded dots":          {"DELETE", "/storage/v1/b/bkt/o/..%2F..%2F..%2Fvictim", "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := http.NewRequest(req.method, url+req.path, strings.NewReader(req.body))
			if err != nil {
				t.Fatal(err)
			}
			if req.ctype != "" {
				r.Header.Set("Content-Type", req.ctype)
			}
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var doc struct {
				Error struct {
					Code    int
					Message string
					Errors  []struct{ Reason string }
				}
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusBadRequest || json.Unmarshal(body, &doc) != nil || doc.Error.Code != 400 || len(doc.Error.Errors) != 1 {
				t.Errorf("status %d, body %s; want a GCS JSON error 400", resp.StatusCode, body)
			}
			c.assertVictim(t)
		})
	}
}

func TestS3RequestsNamingOutsideAreRefused(t *testing.T) {
	ctx := context.Background()
	c := startConfined(t)
	s3c := s3Client(t, c.sb)
	for _, key := range []string{"../victim", "a/../../b", "/abs", `a\..\b`, "a/%2e%2e/b"} {
		err := putS3(ctx, s3c, "bkt", key, "x")
		var aerr smithy.APIError
		if !errors.As(err, &aerr) || aerr.ErrorCode() != "InvalidArgument" {
			t.Errorf("put %q: err = %v, want S3's InvalidArgument", key, err)
		}
	}
	if err := putS3(ctx, s3c, "bkt", "ok", "x"); err != nil {
		t.Fatal(err)
	}
	_, err := s3c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("bkt"), Key: aws.String("copy"), CopySource: aws.String("bkt/../bkt/ok")})
	var aerr smithy.APIError
	if !errors.As(err, &aerr) || aerr.ErrorCode() != "InvalidArgument" {
		t.Errorf("copy from a source with ..: err = %v, want InvalidArgument", err)
	}
	_, err = s3c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("bkt"), Delete: &types.Delete{
		Objects: []types.ObjectIdentifier{{Key: aws.String("ok")}, {Key: aws.String("../ok")}},
	}})
	if !errors.As(err, &aerr) || aerr.ErrorCode() != "InvalidArgument" {
		t.Errorf("multi-delete naming ../ok: err = %v, want InvalidArgument", err)
	}
	if got, err := getS3(ctx, s3c, "bkt", "ok"); err != nil || got != "x" {
		t.Errorf("ok after the refused multi-delete = %q, %v; want it kept", got, err)
	}
	for path, code := range map[string]string{"/..": "InvalidBucketName", "/%2E%2E/x": "InvalidBucketName", "/bkt//abs": "InvalidArgument"} {
		r, _ := http.NewRequest(http.MethodPut, c.sb.S3URL()+path, bytes.NewReader(nil))
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			XMLName xml.Name `xml:"Error"`
			Code    string
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || xml.Unmarshal(body, &doc) != nil || doc.Code != code {
			t.Errorf("PUT %s: status %d, body %s; want S3 error %s", path, resp.StatusCode, body, code)
		}
	}
	c.assertVictim(t)
}

func TestOrdinaryNamesWithDotsStillWork(t *testing.T) {
	ctx := context.Background()
	c := startConfined(t)
	gcs, s3c := gcsClient(t, c.sb), s3Client(t, c.sb)
	for _, name := range []string{"env/prod.tfstate", "..hidden", "a..b/c.d", "dir/sub dir/x+y.tflock"} {
		if err := putGCS(ctx, gcs, "bkt", name, "v"); err != nil {
			t.Errorf("GCS upload %q: %v", name, err)
		} else if got, err := getGCS(ctx, gcs, "bkt", name); err != nil || got != "v" {
			t.Errorf("GCS read %q = %q, %v", name, got, err)
		}
		if err := putS3(ctx, s3c, "bkt", name, "v"); err != nil {
			t.Errorf("S3 put %q: %v", name, err)
		} else if got, err := getS3(ctx, s3c, "bkt", name); err != nil || got != "v" {
			t.Errorf("S3 get %q = %q, %v", name, got, err)
		}
	}
	if err := gcs.Bucket("bkt").Object("..hidden").Delete(ctx); err != nil {
		t.Errorf("GCS delete ..hidden: %v", err)
	}
}

func TestBucketOptionOutsideDataDirIsRefused(t *testing.T) {
	_, err := sandbox.Start(context.Background(), sandbox.Options{DataDir: t.TempDir(), Buckets: []string{".."}})
	if err == nil || !strings.Contains(err.Error(), `".."`) {
		t.Fatalf("Start with bucket \"..\": err = %v, want a refusal naming it", err)
	}
}
