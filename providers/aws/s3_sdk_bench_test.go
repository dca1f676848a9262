package aws

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The SDK benchmarks run their calls 25 at a time against a local server
// that answers at once, so that both cores are busy: ns/op is then about
// half the CPU one call costs, client and server together, and allocs/op
// is the client's (the server allocates a few dozen). They show what the
// SDK's stack costs per object at -parallelism beyond the cores.

// benchS3Client is the S3 client Configure builds, against such a server.
func benchS3Client(b *testing.B) *client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"0123456789abcdef0123456789abcdef"`)
		w.Header().Set("Last-Modified", "Mon, 07 Dec 2026 01:00:00 GMT")
		if r.Method == http.MethodHead {
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Length", "2")
		}
		w.WriteHeader(http.StatusOK)
	}))
	b.Cleanup(srv.Close)
	s := settings{region: "us-east-1", accessKey: "bench", secretKey: "bench", pathStyle: true,
		maxRetries: defaultMaxRetries, endpoints: map[string]string{"s3": srv.URL, "sts": srv.URL}}
	cfg, err := loadConfig(context.Background(), s)
	if err != nil {
		b.Fatal(err)
	}
	return newClient(cfg, s)
}

// runParallel runs call 25 at a time until b has its count.
func runParallel(b *testing.B, call func() error) {
	b.ReportAllocs()
	b.SetParallelism(25)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := call(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkSDKPutObject is a small PutObject, as an apply creates an
// aws_s3_object.
func BenchmarkSDKPutObject(b *testing.B) {
	c := benchS3Client(b)
	runParallel(b, func() error {
		_, err := c.s3.PutObject(bg, &s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String("objects/1"),
			Body: bytes.NewReader([]byte("v1")), ContentType: aws.String("text/plain")})
		return err
	})
}

// BenchmarkSDKHeadObject is a HeadObject, as a refresh reads an
// aws_s3_object.
func BenchmarkSDKHeadObject(b *testing.B) {
	c := benchS3Client(b)
	runParallel(b, func() error {
		_, err := c.s3.HeadObject(bg, &s3.HeadObjectInput{Bucket: aws.String("bench"), Key: aws.String("objects/1")})
		return err
	})
}
