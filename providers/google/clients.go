package google

import (
	"context"
	"errors"
	"fmt"

	pubsub "cloud.google.com/go/pubsub/v2/apiv1"
	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"cloud.google.com/go/storage"
	"github.com/googleapis/gax-go/v2"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/trueup/trueup/internal/gcpretry"
	"github.com/trueup/trueup/schema"
)

// topicAPI is the part of the Pub/Sub topic admin client the provider uses.
type topicAPI interface {
	CreateTopic(ctx context.Context, req *pubsubpb.Topic, opts ...gax.CallOption) (*pubsubpb.Topic, error)
	GetTopic(ctx context.Context, req *pubsubpb.GetTopicRequest, opts ...gax.CallOption) (*pubsubpb.Topic, error)
	UpdateTopic(ctx context.Context, req *pubsubpb.UpdateTopicRequest, opts ...gax.CallOption) (*pubsubpb.Topic, error)
	DeleteTopic(ctx context.Context, req *pubsubpb.DeleteTopicRequest, opts ...gax.CallOption) error
}

// subscriptionAPI is the part of the Pub/Sub subscription admin client the
// provider uses.
type subscriptionAPI interface {
	CreateSubscription(ctx context.Context, req *pubsubpb.Subscription, opts ...gax.CallOption) (*pubsubpb.Subscription, error)
	GetSubscription(ctx context.Context, req *pubsubpb.GetSubscriptionRequest, opts ...gax.CallOption) (*pubsubpb.Subscription, error)
	UpdateSubscription(ctx context.Context, req *pubsubpb.UpdateSubscriptionRequest, opts ...gax.CallOption) (*pubsubpb.Subscription, error)
	DeleteSubscription(ctx context.Context, req *pubsubpb.DeleteSubscriptionRequest, opts ...gax.CallOption) error
}

// clients holds what Configure resolved. It is read-only afterwards and so
// safe to share between goroutines. A service whose client could not be
// built keeps the reason, reported when a resource of it is used.
type clients struct {
	project, region string

	storage    *storage.Client
	storageErr error

	topics        topicAPI
	subscriptions subscriptionAPI
	pubsubClose   func()
	pubsubErr     error
}

func (c *clients) close() {
	if c.storage != nil {
		_ = c.storage.Close()
	}
	if c.pubsubClose != nil {
		c.pubsubClose()
	}
}

// storageClient returns the Cloud Storage client or a diagnostic saying
// why there is none.
func (c *clients) storageClient() (*storage.Client, schema.Diagnostics) {
	if c.storageErr != nil {
		return nil, schema.Errorf(nil, "Cloud Storage is not available", c.storageErr.Error())
	}
	return c.storage, nil
}

// pubsubClients returns the Pub/Sub admin clients or a diagnostic saying
// why there are none.
func (c *clients) pubsubClients() (topicAPI, subscriptionAPI, schema.Diagnostics) {
	if c.pubsubErr != nil {
		return nil, nil, schema.Errorf(nil, "Pub/Sub is not available", c.pubsubErr.Error())
	}
	return c.topics, c.subscriptions, nil
}

// authOptions are the client options for an endpoint's authentication.
func authOptions(ep endpoint, creds *credentialSource) ([]option.ClientOption, error) {
	if ep.emulator {
		return []option.ClientOption{option.WithoutAuthentication()}, nil
	}
	c, err := creds.get()
	if err != nil {
		return nil, err
	}
	return []option.ClientOption{option.WithAuthCredentials(c)}, nil
}

func newStorageClient(ctx context.Context, ep endpoint, creds *credentialSource) (*storage.Client, error) {
	var opts []option.ClientOption
	if !ep.fromEnv {
		// Otherwise storage.NewClient reads STORAGE_EMULATOR_HOST itself.
		var err error
		if opts, err = authOptions(ep, creds); err != nil {
			return nil, err
		}
		if ep.url != "" {
			opts = append(opts, option.WithEndpoint(ep.url))
		}
	}
	c, err := storage.NewClient(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot create the Cloud Storage client: %w", err)
	}
	// Every call is retried by gcpretry at its call site (docs/retry.md).
	c.SetRetry(gcpretry.NoStorageRetries)
	return c, nil
}

func newPubsubClients(ctx context.Context, ep endpoint, creds *credentialSource) (topicAPI, subscriptionAPI, func(), error) {
	var opts []option.ClientOption
	if !ep.fromEnv {
		// With PUBSUB_EMULATOR_HOST set, the client library configures
		// itself (plaintext, no credentials).
		var err error
		if opts, err = authOptions(ep, creds); err != nil {
			return nil, nil, nil, err
		}
		if ep.url != "" {
			opts = append(opts, option.WithEndpoint(ep.url))
		}
		if ep.emulator {
			opts = append(opts, option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials())))
		}
	}
	tc, err := pubsub.NewTopicAdminClient(ctx, opts...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot create the Pub/Sub topic client: %w", err)
	}
	sc, err := pubsub.NewSubscriptionAdminClient(ctx, opts...)
	if err != nil {
		_ = tc.Close()
		return nil, nil, nil, fmt.Errorf("cannot create the Pub/Sub subscription client: %w", err)
	}
	closeBoth := func() { _ = errors.Join(tc.Close(), sc.Close()) }
	return retryingTopics{tc}, retryingSubscriptions{sc}, closeBoth, nil
}
