package google

import (
	"testing"
	"time"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/trueup/trueup/providers/providertest"
)

const topicType = "google_pubsub_topic"

func TestTopicConformance(t *testing.T) {
	project := testProject(t)
	p := newProvider(t, project)
	topics, _ := pubsubClients(t)
	topic := func(name string, extra map[string]cty.Value) cty.Value {
		vals := map[string]cty.Value{"name": s(name)}
		for k, v := range extra {
			vals[k] = v
		}
		return cfg(t, p, topicType, vals)
	}
	labelsOnServer := func(want map[string]string) func(t *testing.T, state cty.Value) {
		return func(t *testing.T, state cty.Value) {
			got, err := topics.GetTopic(bg, &pubsubpb.GetTopicRequest{Topic: attr(state, "id")})
			if err != nil {
				t.Fatalf("independent client cannot read the topic: %v", err)
			}
			if len(got.Labels) != len(want) {
				t.Fatalf("labels on the server %v, want %v", got.Labels, want)
			}
			for k, v := range want {
				if got.Labels[k] != v {
					t.Errorf("label %s = %q on the server, want %q", k, got.Labels[k], v)
				}
			}
		}
	}
	retentionOnServer := func(want string) func(t *testing.T, state cty.Value) {
		return func(t *testing.T, state cty.Value) {
			got, err := topics.GetTopic(bg, &pubsubpb.GetTopicRequest{Topic: attr(state, "id")})
			if err != nil {
				t.Fatalf("independent client cannot read the topic: %v", err)
			}
			if !sameDuration(formatDuration(got.MessageRetentionDuration), want) {
				t.Errorf("retention on the server %v, want %s", got.MessageRetentionDuration, want)
			}
		}
	}
	providertest.Run(t, p, []providertest.Case{
		{
			Name: "retention updates in place, a retention changed out of band is drift",
			Type: topicType,
			Steps: []providertest.Step{
				{Config: topic("orders", map[string]cty.Value{"labels": labels("env", "test"),
					"message_retention_duration": s("86400s")}), Check: func(t *testing.T, state cty.Value) {
					labelsOnServer(map[string]string{"env": "test"})(t, state)
					if want := "projects/" + project + "/topics/orders"; attr(state, "id") != want {
						t.Errorf("id = %q, want %q", attr(state, "id"), want)
					}
				}},
				// The emulator cannot update labels (see TestTopicLabelUpdateRequest).
				{Config: topic("orders", map[string]cty.Value{"labels": labels("env", "test"),
					"message_retention_duration": s("1200s")}), Check: retentionOnServer("1200s")},
				{Config: topic("orders-v2", map[string]cty.Value{"labels": labels("env", "prod", "team", "core"),
					"message_retention_duration": s("600s")}), Replace: true,
					Check: labelsOnServer(map[string]string{"env": "prod", "team": "core"})},
			},
			Mutate: func(t *testing.T, state cty.Value) {
				_, err := topics.UpdateTopic(bg, &pubsubpb.UpdateTopicRequest{
					Topic:      &pubsubpb.Topic{Name: attr(state, "id"), MessageRetentionDuration: durationpb.New(2 * time.Hour)},
					UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"message_retention_duration"}}})
				if err != nil {
					t.Fatalf("out-of-band update: %v", err)
				}
			},
			ImportID: func(state cty.Value) string { return attr(state, "id") },
		},
		{
			Name: "a retention written as 1h and a full-path name converge with the API's spellings",
			Type: topicType,
			Steps: []providertest.Step{{Config: topic("projects/"+project+"/topics/audit",
				map[string]cty.Value{"message_retention_duration": s("1h")}), Check: retentionOnServer("3600s")}},
		},
		{
			Name:  "topic deleted out of band plans a re-create",
			Type:  topicType,
			Steps: []providertest.Step{{Config: topic("events", nil)}},
			Mutate: func(t *testing.T, state cty.Value) {
				if err := topics.DeleteTopic(bg, &pubsubpb.DeleteTopicRequest{Topic: attr(state, "id")}); err != nil {
					t.Fatalf("out-of-band delete: %v", err)
				}
			},
			ImportID: func(state cty.Value) string { return project + "/events" },
		},
	})
}
