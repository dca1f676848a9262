package sandbox_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/sandbox"
)

// requestCounts reads an endpoint's request counts.
func requestCounts(t *testing.T, base string) map[string]int {
	t.Helper()
	resp, err := http.Get(base + "/_trueup/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	counts := map[string]int{}
	if err := json.NewDecoder(resp.Body).Decode(&counts); err != nil {
		t.Fatal(err)
	}
	return counts
}

func TestSandboxCountsRequestsByOperation(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{Buckets: []string{"counted"}})
	c := s3Client(t, sb)
	for _, key := range []string{"a", "b"} {
		if err := putS3(ctx, c, "counted", key, "x"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("counted"), Key: aws.String("a")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String("counted"), Key: aws.String("a")}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"PUT object": 2, "HEAD object": 1, "GET object?tagging": 1}
	if got := requestCounts(t, sb.S3URL()); !maps.Equal(got, want) {
		t.Fatalf("counts %v, want %v", got, want)
	}

	req, _ := http.NewRequest(http.MethodDelete, sb.S3URL()+"/_trueup/requests", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reset: %v %v", resp, err)
	}
	if got := requestCounts(t, sb.S3URL()); len(got) != 0 {
		t.Fatalf("counts after a reset %v, want none", got)
	}

	g := gcsClient(t, sb)
	if err := putGCS(ctx, g, "counted", "o", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Bucket("counted").Object("o").Attrs(ctx); err != nil {
		t.Fatal(err)
	}
	if got := requestCounts(t, sb.GCSURL())["GET /storage/v1/b/{bucket}/o/{object}"]; got != 1 {
		t.Fatalf("GCS counts %v, want one object read", requestCounts(t, sb.GCSURL()))
	}
}
