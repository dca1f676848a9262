package google

import (
	"context"
	"slices"
	"sync"
	"testing"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/googleapis/gax-go/v2"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/trueup/trueup/providers/providertest"
)

const subscriptionType = "google_pubsub_subscription"

func TestSubscriptionConformance(t *testing.T) {
	project := testProject(t)
	p := newProvider(t, project)
	topics, subs := pubsubClients(t)
	topicPath := "projects/" + project + "/topics/work"
	deadLetterPath := "projects/" + project + "/topics/work-dead"
	for _, name := range []string{topicPath, deadLetterPath} {
		if _, err := topics.CreateTopic(bg, &pubsubpb.Topic{Name: name}); err != nil {
			t.Fatalf("creating topic %s: %v", name, err)
		}
	}
	sub := func(name string, vals map[string]cty.Value) cty.Value {
		all := map[string]cty.Value{"name": s(name), "topic": s(topicPath)}
		for k, v := range vals {
			all[k] = v
		}
		return cfg(t, p, subscriptionType, all)
	}
	nested := func(name string, vals map[string]cty.Value) cty.Value {
		return block(t, p, subscriptionType, []string{name}, vals)
	}
	onServer := func(check func(t *testing.T, got *pubsubpb.Subscription)) func(t *testing.T, state cty.Value) {
		return func(t *testing.T, state cty.Value) {
			got, err := subs.GetSubscription(bg, &pubsubpb.GetSubscriptionRequest{Subscription: attr(state, "id")})
			if err != nil {
				t.Fatalf("independent client cannot read the subscription: %v", err)
			}
			check(t, got)
		}
	}
	first := sub("worker", map[string]cty.Value{
		"ack_deadline_seconds": cty.NumberIntVal(20), "labels": labels("env", "test"),
		"expiration_policy": nested("expiration_policy", map[string]cty.Value{"ttl": s("86400s")}),
	})
	second := sub("worker", map[string]cty.Value{
		"ack_deadline_seconds": cty.NumberIntVal(30), "labels": labels("env", "test"),
		"retain_acked_messages": cty.True, "message_retention_duration": s("1200s"),
		"expiration_policy":  nested("expiration_policy", map[string]cty.Value{"ttl": s("86400s")}),
		"dead_letter_policy": nested("dead_letter_policy", map[string]cty.Value{"dead_letter_topic": s(deadLetterPath), "max_delivery_attempts": cty.NumberIntVal(7)}),
		"retry_policy":       nested("retry_policy", map[string]cty.Value{"minimum_backoff": s("20s"), "maximum_backoff": s("300s")}),
	})
	third := sub("worker", map[string]cty.Value{
		"ack_deadline_seconds": cty.NumberIntVal(30), "labels": labels("env", "test"),
		"filter": s(`attributes.kind = "job"`),
	})
	providertest.Run(t, p, []providertest.Case{
		{
			Name: "ack deadline, retention and policies update in place, a new filter replaces",
			Type: subscriptionType,
			Steps: []providertest.Step{
				{Config: first, Check: onServer(func(t *testing.T, got *pubsubpb.Subscription) {
					if got.AckDeadlineSeconds != 20 || got.Labels["env"] != "test" || got.Topic != topicPath {
						t.Errorf("server has %v, want ack 20, label env=test, topic %s", got, topicPath)
					}
				})},
				{Config: second, Check: onServer(func(t *testing.T, got *pubsubpb.Subscription) {
					if got.AckDeadlineSeconds != 30 || !got.RetainAckedMessages || got.DeadLetterPolicy.GetMaxDeliveryAttempts() != 7 ||
						got.RetryPolicy.GetMinimumBackoff().GetSeconds() != 20 {
						t.Errorf("server has %v, want the second step's settings", got)
					}
				})},
				{Config: third, Replace: true, Check: func(t *testing.T, state cty.Value) {
					if attr(state, "message_retention_duration") != defaultSubscriptionRetention {
						t.Errorf("message_retention_duration = %q, want the default %q",
							attr(state, "message_retention_duration"), defaultSubscriptionRetention)
					}
				}},
			},
			Mutate: func(t *testing.T, state cty.Value) {
				_, err := subs.UpdateSubscription(bg, &pubsubpb.UpdateSubscriptionRequest{
					Subscription: &pubsubpb.Subscription{Name: attr(state, "id"), AckDeadlineSeconds: 60},
					UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"ack_deadline_seconds"}}})
				if err != nil {
					t.Fatalf("out-of-band update: %v", err)
				}
			},
			ImportID: func(state cty.Value) string { return project + "/worker" },
		},
		{
			Name:  "subscription deleted out of band plans a re-create",
			Type:  subscriptionType,
			Steps: []providertest.Step{{Config: sub("short-topic", map[string]cty.Value{"topic": s("work")})}},
			Mutate: func(t *testing.T, state cty.Value) {
				err := subs.DeleteSubscription(bg, &pubsubpb.DeleteSubscriptionRequest{Subscription: attr(state, "id")})
				if err != nil {
					t.Fatalf("out-of-band delete: %v", err)
				}
			},
			ImportID: func(state cty.Value) string { return attr(state, "id") },
			// The API names the topic by its full path; the configuration
			// used the short name (equivalent: the plan after import
			// changes state only).
			ImportIgnore: []string{"topic"},
		},
	})
}

// recordingSubscriptions records UpdateSubscription requests and forwards
// them without the fields the Pub/Sub emulator cannot update (labels,
// expiration_policy).
type recordingSubscriptions struct {
	subscriptionAPI
	mu      sync.Mutex
	updates []*pubsubpb.UpdateSubscriptionRequest
}

func (r *recordingSubscriptions) UpdateSubscription(ctx context.Context, req *pubsubpb.UpdateSubscriptionRequest, opts ...gax.CallOption) (*pubsubpb.Subscription, error) {
	r.mu.Lock()
	r.updates = append(r.updates, proto.Clone(req).(*pubsubpb.UpdateSubscriptionRequest))
	r.mu.Unlock()
	fwd := proto.Clone(req).(*pubsubpb.UpdateSubscriptionRequest)
	fwd.UpdateMask.Paths = slices.DeleteFunc(fwd.UpdateMask.Paths, func(p string) bool {
		return p == "labels" || p == "expiration_policy"
	})
	if len(fwd.UpdateMask.Paths) == 0 {
		return req.Subscription, nil
	}
	return r.subscriptionAPI.UpdateSubscription(ctx, fwd, opts...)
}

// TestSubscriptionUpdateRequest checks the request an update of labels and
// the expiration policy sends: the emulator rejects both, so this asserts
// on the recorded request instead of the server's state.
func TestSubscriptionUpdateRequest(t *testing.T) {
	project := testProject(t)
	p := newProvider(t, project)
	c, _ := p.(*Provider).client()
	rec := &recordingSubscriptions{subscriptionAPI: c.subscriptions}
	c.subscriptions = rec
	topics, _ := pubsubClients(t)
	if _, err := topics.CreateTopic(bg, &pubsubpb.Topic{Name: "projects/" + project + "/topics/rec"}); err != nil {
		t.Fatal(err)
	}
	block := p.GetSchema(bg).Schema.Resources[subscriptionType].Block
	ttl := func(v string) cty.Value {
		return blockOf(t, p, subscriptionType, "expiration_policy", map[string]cty.Value{"ttl": s(v)})
	}
	_, created := planApply(t, p, subscriptionType, block.Null(), cfg(t, p, subscriptionType, map[string]cty.Value{
		"name": s("rec-sub"), "topic": s("rec"), "labels": labels("env", "test"), "expiration_policy": ttl("86400s")}))
	if created.Diagnostics.HasErrors() {
		t.Fatalf("create: %s", created.Diagnostics.Err())
	}
	plan, _ := planApply(t, p, subscriptionType, created.NewState, cfg(t, p, subscriptionType, map[string]cty.Value{
		"name": s("rec-sub"), "topic": s("rec"), "labels": labels("env", "prod"), "expiration_policy": ttl(""),
		"ack_deadline_seconds": cty.NumberIntVal(42)}))
	if len(plan.RequiresReplace) > 0 {
		t.Fatalf("update planned a replacement: %v", plan.RequiresReplace)
	}
	if len(rec.updates) != 1 {
		t.Fatalf("%d UpdateSubscription requests, want 1", len(rec.updates))
	}
	req := rec.updates[0]
	if want := []string{"ack_deadline_seconds", "labels", "expiration_policy"}; !sameSet(req.UpdateMask.Paths, want) {
		t.Errorf("update mask %v, want %v", req.UpdateMask.Paths, want)
	}
	sub := req.Subscription
	if sub.Labels["env"] != "prod" || sub.AckDeadlineSeconds != 42 || sub.ExpirationPolicy == nil || sub.ExpirationPolicy.Ttl != nil {
		t.Errorf("sent %v, want labels env=prod, ack 42 and an expiration policy that never expires", sub)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
