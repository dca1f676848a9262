package gcpretry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"google.golang.org/api/googleapi"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

func TestRetryAfterOfEachErrorKind(t *testing.T) {
	throttled := &googleapi.Error{Code: 429, Header: http.Header{"Retry-After": {"3"}}}
	st, err := status.New(codes.ResourceExhausted, "quota").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(1500 * time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		err       error
		wantWait  time.Duration
		retryable bool
	}{
		{"HTTP 429 with Retry-After", fmt.Errorf("get bucket: %w", throttled), 3 * time.Second, true},
		{"HTTP 503 without", &googleapi.Error{Code: 503}, 0, true},
		{"HTTP 412 is final", &googleapi.Error{Code: 412}, 0, false},
		{"gRPC RESOURCE_EXHAUSTED with RetryInfo", st.Err(), 1500 * time.Millisecond, true},
		{"gRPC NOT_FOUND is final", status.Error(codes.NotFound, "no topic"), 0, false},
		{"a body cut off", io.ErrUnexpectedEOF, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RetryAfter(tt.err); got != tt.wantWait {
				t.Errorf("RetryAfter = %s, want %s", got, tt.wantWait)
			}
			if got := Retryable(tt.err); got != tt.retryable {
				t.Errorf("Retryable = %v, want %v", got, tt.retryable)
			}
		})
	}
}

// A call whose try got no answer is ambiguous; one refused with a status
// is not.
func TestCallNotesATryWithoutAnswer(t *testing.T) {
	fast := Call{Policy: Policy}
	fast.Policy.First, fast.Policy.Max = time.Millisecond, time.Millisecond
	answers := []error{&googleapi.Error{Code: 503}, nil}
	c := fast
	if err := c.Do(context.Background(), func(context.Context) error { e := answers[0]; answers = answers[1:]; return e }); err != nil || c.Ambiguous() {
		t.Fatalf("after a 503 and a success: error %v, ambiguous %v; want nil, false", err, c.Ambiguous())
	}
	answers = []error{io.ErrUnexpectedEOF, &googleapi.Error{Code: 409}}
	c = fast
	err := c.Do(context.Background(), func(context.Context) error { e := answers[0]; answers = answers[1:]; return e })
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != 409 || !c.Ambiguous() {
		t.Fatalf("after a dropped try and a 409: error %v, ambiguous %v; want the 409, true", err, c.Ambiguous())
	}
}
