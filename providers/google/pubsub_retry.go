package google

import (
	"context"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/googleapis/gax-go/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/trueup/trueup/internal/gcpretry"
)

// The Pub/Sub admin clients' calls are retried by gcpretry (UNAVAILABLE,
// RESOURCE_EXHAUSTED with the status's RetryInfo as the wait), with the
// gapic clients' own gax retries turned off. A create whose retry hears
// ALREADY_EXISTS after a try that got no answer made the object itself.

// retryingTopics is a topicAPI whose calls go through gcpretry.
type retryingTopics struct{ api topicAPI }

// retryingSubscriptions is a subscriptionAPI whose calls go through gcpretry.
type retryingSubscriptions struct{ api subscriptionAPI }

// noGax adds the option that turns the gapic client's retries off.
func noGax(opts []gax.CallOption) []gax.CallOption {
	return append(opts[:len(opts):len(opts)], gcpretry.NoGaxRetries())
}

// retried calls f through gcpretry, with the client's own retries off.
// Reads, deletes (a retry after a try that went through hears NOT_FOUND,
// which the callers take as done) and updates (they set the fields of
// their mask to absolute values) are safe to try again.
func retried[Req, Out any](ctx context.Context, f func(context.Context, Req, ...gax.CallOption) (Out, error), req Req, opts []gax.CallOption) (out Out, err error) {
	err = gcpretry.Do(ctx, func(ctx context.Context) error {
		out, err = f(ctx, req, noGax(opts)...)
		return err
	})
	return out, err
}

// created calls the create f through gcpretry; an ALREADY_EXISTS after an
// earlier, unanswered try of the same call is taken as the object that
// try made, and req is returned for it.
func created[T any](ctx context.Context, f func(context.Context, *T, ...gax.CallOption) (*T, error), req *T, opts []gax.CallOption) (out *T, err error) {
	var c gcpretry.Call
	err = c.Do(ctx, func(ctx context.Context) error {
		out, err = f(ctx, req, noGax(opts)...)
		return err
	})
	if err != nil && c.Ambiguous() && status.Code(err) == codes.AlreadyExists {
		return req, nil
	}
	return out, err
}

// deleted calls the delete f through gcpretry.
func deleted[Req any](ctx context.Context, f func(context.Context, Req, ...gax.CallOption) error, req Req, opts []gax.CallOption) error {
	return gcpretry.Do(ctx, func(ctx context.Context) error { return f(ctx, req, noGax(opts)...) })
}

func (r retryingTopics) CreateTopic(ctx context.Context, req *pubsubpb.Topic, opts ...gax.CallOption) (*pubsubpb.Topic, error) {
	return created(ctx, r.api.CreateTopic, req, opts)
}

func (r retryingTopics) GetTopic(ctx context.Context, req *pubsubpb.GetTopicRequest, opts ...gax.CallOption) (*pubsubpb.Topic, error) {
	return retried(ctx, r.api.GetTopic, req, opts)
}

func (r retryingTopics) UpdateTopic(ctx context.Context, req *pubsubpb.UpdateTopicRequest, opts ...gax.CallOption) (*pubsubpb.Topic, error) {
	return retried(ctx, r.api.UpdateTopic, req, opts)
}

func (r retryingTopics) DeleteTopic(ctx context.Context, req *pubsubpb.DeleteTopicRequest, opts ...gax.CallOption) error {
	return deleted(ctx, r.api.DeleteTopic, req, opts)
}

func (r retryingSubscriptions) CreateSubscription(ctx context.Context, req *pubsubpb.Subscription, opts ...gax.CallOption) (*pubsubpb.Subscription, error) {
	return created(ctx, r.api.CreateSubscription, req, opts)
}

func (r retryingSubscriptions) GetSubscription(ctx context.Context, req *pubsubpb.GetSubscriptionRequest, opts ...gax.CallOption) (*pubsubpb.Subscription, error) {
	return retried(ctx, r.api.GetSubscription, req, opts)
}

func (r retryingSubscriptions) UpdateSubscription(ctx context.Context, req *pubsubpb.UpdateSubscriptionRequest, opts ...gax.CallOption) (*pubsubpb.Subscription, error) {
	return retried(ctx, r.api.UpdateSubscription, req, opts)
}

func (r retryingSubscriptions) DeleteSubscription(ctx context.Context, req *pubsubpb.DeleteSubscriptionRequest, opts ...gax.CallOption) error {
	return deleted(ctx, r.api.DeleteSubscription, req, opts)
}
