package aws

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
)

// s3Answering is the S3 client Configure builds, against a server that
// answers every request with status and body, counting the requests.
func s3Answering(t *testing.T, status int, body string, calls *atomic.Int32) *client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("ETag", `"0123456789abcdef0123456789abcdef"`)
		w.Header().Set("Content-Type", "application/xml")
		if r.Method == http.MethodHead {
			w.Header().Set("Content-Length", "2") // the object's, with no body
		} else {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = w.Write([]byte(body))
		}
	}))
	t.Cleanup(srv.Close)
	s := settings{region: "us-east-1", accessKey: "a", secretKey: "b", pathStyle: true, maxRetries: 1,
		endpoints: map[string]string{"s3": srv.URL}}
	cfg, err := loadConfig(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return newClient(cfg, s)
}

func putSmall(c *client) error {
	_, err := c.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"), Body: bytes.NewReader([]byte("v1"))})
	return err
}

// TestBodyCheckStillFindsAnErrorIn200 checks that S3's error document in a
// 200 answer still fails the call, and is retried as a 500, with the
// check wrapped (bodyCheckOnlyWithBody), and that an empty 200 is a
// success.
func TestBodyCheckStillFindsAnErrorIn200(t *testing.T) {
	var calls atomic.Int32
	doc := `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>`
	err := putSmall(s3Answering(t, http.StatusOK, doc, &calls))
	if err == nil {
		t.Fatal("PutObject answered 200 with an <Error> document succeeded")
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (the call and its one retry, as for a 500)", n)
	}
	calls.Store(0)
	if err := putSmall(s3Answering(t, http.StatusOK, "", &calls)); err != nil {
		t.Fatalf("PutObject answered 200 with no body: %v", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests for an empty 200, want 1", n)
	}
	head, err := s3Answering(t, http.StatusOK, "", &calls).s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	if err != nil || aws.ToInt64(head.ContentLength) != 2 {
		t.Fatalf("HeadObject: %v, content length %d", err, aws.ToInt64(head.ContentLength))
	}
	// An answer with a body that is not an error goes through the check,
	// which gives it back whole to the operation's deserializer.
	tags := `<?xml version="1.0" encoding="UTF-8"?><Tagging><TagSet><Tag><Key>team</Key><Value>platform</Value></Tag></TagSet></Tagging>`
	out, err := s3Answering(t, http.StatusOK, tags, &calls).s3.GetObjectTagging(context.Background(), &s3.GetObjectTaggingInput{Bucket: aws.String("b"), Key: aws.String("k")})
	if err != nil || len(out.TagSet) != 1 || aws.ToString(out.TagSet[0].Value) != "platform" {
		t.Fatalf("GetObjectTagging: %v, %+v", err, out)
	}
}

// TestBodyCheckIsWrapped checks that the S3 client's calls carry the SDK's
// check wrapped: if the SDK renames it, the wrapper would silently stop
// sparing empty answers.
func TestBodyCheckIsWrapped(t *testing.T) {
	var calls atomic.Int32
	c := s3Answering(t, http.StatusOK, "", &calls)
	var found middleware.DeserializeMiddleware
	_, err := c.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"), Body: bytes.NewReader(nil)},
		func(o *s3.Options) {
			o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
				found, _ = stack.Deserialize.Get(bodyCheckID)
				return nil
			})
		})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := found.(skipWithoutBody); !ok {
		t.Errorf("PutObject's %s is %T, want skipWithoutBody", bodyCheckID, found)
	}
}
