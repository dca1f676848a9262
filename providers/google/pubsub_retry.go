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

// createdByUs reports whether err, a create's ALREADY_EXISTS, may be
// about the object an earlier, unanswered try of the same call made.
func createdByUs(c *gcpretry.Call, err error) bool {
	return err != nil && c.Ambiguous() && status.Code(err) == codes.AlreadyExists
}

func (r retryingTopics) CreateTopic(ctx context.Context, req *pubsubpb.Topic, opts ...gax.CallOption) (out *pubsubpb.Topic, err error) {
	var c gcpretry.Call
	err = c.Do(ctx, func(ctx context.Context) error {
		out, err = r.api.CreateTopic(ctx, req, noGax(opts)...)
		return err
	})
	if createdByUs(&c, err) {
		return req, nil
	}
	return out, err
}

func (r retryingTopics) GetTopic(ctx context.Context, req *pubsubpb.GetTopicRequest, opts ...gax.CallOption) (out *pubsubpb.Topic, err error) {
	err = gcpretry.Do(ctx, func(ctx context.Context) error {
		out, err = r.api.GetTopic(ctx, req, noGax(opts)...)
		return err
	})
	return out, err
}

// UpdateTopic sets the fields of its mask to absolute values: trying it
// again is safe.
func (r retryingTopics) UpdateTopic(ctx context.Context, req *pubsubpb.UpdateTopicRequest, opts ...gax.CallOption) (out *pubsubpb.Topic, err error) {
	err = gcpretry.Do(ctx, func(ctx context.Context) error {
		out, err = r.api.UpdateTopic(ctx, req, noGax(opts)...)
		return err
	})
	return out, err
}

// DeleteTopic: a retry after a try that went through hears NOT_FOUND,
// which the callers take as done.
func (r retryingTopics) DeleteTopic(ctx context.Context, req *pubsubpb.DeleteTopicRequest, opts ...gax.CallOption) error {
	return gcpretry.Do(ctx, func(ctx context.Context) error { return r.api.DeleteTopic(ctx, req, noGax(opts)...) })
}

func (r retryingSubscriptions) CreateSubscription(ctx context.Context, req *pubsubpb.Subscription, opts ...gax.CallOption) (out *pubsubpb.Subscription, err error) {
	var c gcpretry.Call
	err = c.Do(ctx, func(ctx context.Context) error {
		out, err = r.api.CreateSubscription(ctx, req, noGax(opts)...)
		return err
	})
	if createdByUs(&c, err) {
		return req, nil
	}
	return out, err
}

func (r retryingSubscriptions) GetSubscription(ctx context.Context, req *pubsubpb.GetSubscriptionRequest, opts ...gax.CallOption) (out *pubsubpb.Subscription, err error) {
	err = gcpretry.Do(ctx, func(ctx context.Context) error {
		out, err = r.api.GetSubscription(ctx, req, noGax(opts)...)
		return err
	})
	return out, err
}

// UpdateSubscription sets the fields of its mask to absolute values:
// trying it again is safe.
func (r retryingSubscriptions) UpdateSubscription(ctx context.Context, req *pubsubpb.UpdateSubscriptionRequest, opts ...gax.CallOption) (out *pubsubpb.Subscription, err error) {
	err = gcpretry.Do(ctx, func(ctx context.Context) error {
		out, err = r.api.UpdateSubscription(ctx, req, noGax(opts)...)
		return err
	})
	return out, err
}

func (r retryingSubscriptions) DeleteSubscription(ctx context.Context, req *pubsubpb.DeleteSubscriptionRequest, opts ...gax.CallOption) error {
	return gcpretry.Do(ctx, func(ctx context.Context) error { return r.api.DeleteSubscription(ctx, req, noGax(opts)...) })
}
