package sandbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/sandbox"
)

// gofakes3's bolt backend read copied objects from bolt's memory map after
// their transaction: a copy that grew the file crashed the process.
func TestPersistentStoreCopiesLargeObjectsWhileTheFileGrows(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{DataDir: t.TempDir(), Buckets: []string{"big"}})
	c := s3Client(t, sb)
	body := strings.Repeat("0123456789abcdef", 128<<10) // 2 MiB
	if err := putS3(ctx, c, "big", "src", body); err != nil {
		t.Fatalf("put: %v", err)
	}
	for i := range 8 {
		dst := fmt.Sprintf("copy-%d", i)
		_, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("big"), Key: &dst, CopySource: aws.String("big/src")})
		if err != nil {
			t.Fatalf("copy %d: %v", i, err)
		}
		got, err := getS3(ctx, c, "big", dst)
		if err != nil || got != body {
			t.Fatalf("copy %d reads back %d bytes, %v; want the 2 MiB source", i, len(got), err)
		}
	}
}
