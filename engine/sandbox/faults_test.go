package sandbox_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/sandbox"
)

func TestFaultsUseEachServicesErrorFormat(t *testing.T) {
	sb := mustStart(t, sandbox.Options{FailRate: 1, Buckets: []string{"b"}})
	s3Codes := map[string]int{}
	gcsReasons := map[string]int{}
	for range 4 {
		resp := mustGet(t, sb.S3URL()+"/b/k")
		var e struct {
			Code string `xml:"Code"`
		}
		if err := xml.Unmarshal(readAll(t, resp), &e); err != nil {
			t.Fatalf("S3 fault body is not S3's XML error: %v", err)
		}
		s3Codes[e.Code] = resp.StatusCode

		resp = mustGet(t, sb.GCSURL()+"/storage/v1/b/b/o/k")
		var g struct {
			Error struct {
				Code   int `json:"code"`
				Errors []struct {
					Reason string `json:"reason"`
				} `json:"errors"`
			} `json:"error"`
		}
		if err := json.Unmarshal(readAll(t, resp), &g); err != nil || len(g.Error.Errors) != 1 {
			t.Fatalf("GCS fault body is not GCS's JSON error: %v", err)
		}
		if g.Error.Code != resp.StatusCode {
			t.Errorf("GCS fault body code %d, status %d", g.Error.Code, resp.StatusCode)
		}
		gcsReasons[g.Error.Errors[0].Reason] = resp.StatusCode
	}
	if s3Codes["SlowDown"] != 503 || s3Codes["InternalError"] != 500 {
		t.Errorf("S3 faults = %v, want SlowDown 503 and InternalError 500", s3Codes)
	}
	if gcsReasons["rateLimitExceeded"] != 429 || gcsReasons["backendError"] != 503 {
		t.Errorf("GCS faults = %v, want rateLimitExceeded 429 and backendError 503", gcsReasons)
	}
}

func TestSDKRetriesThroughInjectedFaults(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{FailRate: 0.3, Buckets: []string{"b"}})
	retries := 0
	c := s3Client(t, sb, func(o *s3.Options) {
		std := retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 30
			so.Backoff = retry.NewExponentialJitterBackoff(10 * time.Millisecond)
		})
		o.Retryer = countingRetryer{std, &retries}
	})
	for i := range 20 {
		body := strings.Repeat("x", i)
		if err := putS3(ctx, c, "b", "k", body); err != nil {
			t.Fatalf("put %d through faults: %v", i, err)
		}
		if got, err := getS3(ctx, c, "b", "k"); err != nil || got != body {
			t.Fatalf("get %d through faults = %q, %v", i, got, err)
		}
	}
	if retries == 0 {
		t.Error("40 requests at fail rate 0.3 needed no retry: no fault was injected")
	}
}

func mustGet(t *testing.T, url string) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
