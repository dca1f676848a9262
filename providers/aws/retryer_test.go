package aws

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// throttleOnce answers the first request with 503 SlowDown (with
// retryAfter as its Retry-After, when set) and the next with an empty
// bucket list, and reports the time between the two.
func throttleOnce(t *testing.T, retryAfter string) time.Duration {
	t.Helper()
	var (
		mu    sync.Mutex
		times []time.Time
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		first := len(times) == 1
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		if first {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`))
			return
		}
		_, _ = w.Write([]byte(`<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>`))
	}))
	t.Cleanup(srv.Close)
	c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("a", "b", ""), Retryer: newRetryer(3)})
	if _, err := c.ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("the throttled call was not retried to success: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 2 {
		t.Fatalf("%d requests, want 2", len(times))
	}
	return times[1].Sub(times[0])
}

func TestSDKRetryWaitFollowsRetryAfter(t *testing.T) {
	// Without a hint the first wait is the policy's: 200ms ±50%.
	if d := throttleOnce(t, ""); d > time.Second {
		t.Errorf("without Retry-After the SDK waited %v, want about 200ms", d)
	}
	d := throttleOnce(t, "2")
	t.Logf("with Retry-After: 2 the SDK waited %v", d)
	if d < 2*time.Second || d > 3*time.Second {
		t.Errorf("with Retry-After: 2 the SDK waited %v, want 2s and a little", d)
	}
}
