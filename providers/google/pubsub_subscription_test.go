package google

import (
	"testing"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
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
