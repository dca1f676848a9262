package google

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/googleapis/gax-go/v2"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/trueup/trueup/providers/providertest"
)

// Cloud Storage calls wait out a 429's Retry-After (the client's own gax
// backoff, now off, would have retried after about a second) and then
// succeed.
func TestStorageCallsWaitRetryAfter(t *testing.T) {
	makeBucket(t, "throttled-bucket")
	target, err := url.Parse(strings.TrimSuffix(servers.GCS.Endpoint, "/storage/v1/"))
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		times []time.Time
	)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		first := len(times) == 1
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "2")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":429,"message":"rate limit exceeded","errors":[{"reason":"rateLimitExceeded"}]}}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	conf := emulatorConfig(testProject(t))
	conf["storage_custom_endpoint"] = cty.StringVal(srv.URL + "/storage/v1/")
	p := providertest.Configure(t, New(), conf)
	c, diags := p.(*Provider).client()
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	a, err := bucketAttrs(bg, c.storage, "throttled-bucket")
	if err != nil || a.Name != "throttled-bucket" {
		t.Fatalf("bucket read through a 429: %v, %v", a, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 2 {
		t.Fatalf("%d requests, want the throttled one and one retry", len(times))
	}
	if waited := times[1].Sub(times[0]); waited < 1900*time.Millisecond {
		t.Errorf("retried %s after a 429 with Retry-After: 2, want at least 2s", waited.Round(time.Millisecond))
	}
}

// exhaustedOnce is the emulator's topic client, but its first GetTopic
// fails with RESOURCE_EXHAUSTED and a RetryInfo of two seconds, as Pub/Sub
// answers a throttled call.
type exhaustedOnce struct {
	topicAPI
	calls []time.Time
}

func (e *exhaustedOnce) GetTopic(ctx context.Context, req *pubsubpb.GetTopicRequest, opts ...gax.CallOption) (*pubsubpb.Topic, error) {
	e.calls = append(e.calls, time.Now())
	if len(e.calls) == 1 {
		st, err := status.New(codes.ResourceExhausted, "quota exceeded").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(2 * time.Second)})
		if err != nil {
			return nil, err
		}
		return nil, st.Err()
	}
	return e.topicAPI.GetTopic(ctx, req, opts...)
}

// Pub/Sub calls wait out the RetryInfo of a RESOURCE_EXHAUSTED status.
func TestPubsubCallsWaitRetryInfo(t *testing.T) {
	project := testProject(t)
	p := newProvider(t, project)
	c, diags := p.(*Provider).client()
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	path := resourcePath(project, "topics", "throttled")
	if _, err := c.topics.CreateTopic(bg, &pubsubpb.Topic{Name: path}); err != nil {
		t.Fatal(err)
	}
	inner := &exhaustedOnce{topicAPI: c.topics.(retryingTopics).api}
	topic, err := retryingTopics{inner}.GetTopic(bg, &pubsubpb.GetTopicRequest{Topic: path})
	if err != nil || topic.GetName() != path {
		t.Fatalf("GetTopic through RESOURCE_EXHAUSTED: %v, %v", topic, err)
	}
	if len(inner.calls) != 2 {
		t.Fatalf("%d calls, want the throttled one and one retry", len(inner.calls))
	}
	if waited := inner.calls[1].Sub(inner.calls[0]); waited < 1900*time.Millisecond {
		t.Errorf("retried %s after RetryInfo of 2s, want at least 2s", waited.Round(time.Millisecond))
	}
}
