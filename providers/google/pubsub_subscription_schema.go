package google

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Defaults the Pub/Sub API applies, which Terraform's schema mirrors.
const (
	defaultSubscriptionRetention = "604800s"  // 7 days
	defaultExpirationTTL         = "2678400s" // 31 days
)

// subscriptionBlock is google_pubsub_subscription's schema.
var subscriptionBlock = func() *schema.Block {
	attrs := map[string]*schema.Attribute{
		"id": {Type: cty.String, Computed: true, Description: "projects/{{project}}/subscriptions/{{name}}."},
		"name": {Type: cty.String, Required: true, ForceNew: true,
			Description: "The subscription name (or its full projects/.../subscriptions/... path)."},
		"topic": {Type: cty.String, Required: true, ForceNew: true,
			Description: "The topic: its name in the subscription's project, or its full path."},
		"project": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: "The subscription's project; the provider's project when unset."},
		"ack_deadline_seconds": {Type: cty.Number, Optional: true, Computed: true,
			Description: "Seconds a subscriber has to acknowledge a message (API default 10)."},
		"message_retention_duration": {Type: cty.String, Optional: true, Computed: true,
			Description: "How long unacknowledged messages are kept (default \"604800s\")."},
		"retain_acked_messages": {Type: cty.Bool, Optional: true,
			Description: "Keep acknowledged messages for the retention duration."},
		"enable_message_ordering": {Type: cty.Bool, Optional: true, ForceNew: true,
			Description: "Deliver messages with the same ordering key in order."},
		"enable_exactly_once_delivery": {Type: cty.Bool, Optional: true,
			Description: "Exactly-once delivery."},
		"filter": {Type: cty.String, Optional: true, ForceNew: true,
			Description: "Only messages matching this filter are delivered."},
	}
	for name, a := range labelAttributes() {
		attrs[name] = a
	}
	return &schema.Block{
		Description: "A Pub/Sub subscription. Import ID: projects/{{project}}/subscriptions/{{name}}, " +
			"{{project}}/{{name}} or {{name}}.",
		Attributes: attrs,
		BlockTypes: map[string]*schema.NestedBlock{
			"expiration_policy": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
				Attributes: map[string]*schema.Attribute{
					"ttl": {Type: cty.String, Required: true,
						Description: "Inactivity after which the subscription is deleted; \"\" for never."},
				}}},
			"dead_letter_policy": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
				Attributes: map[string]*schema.Attribute{
					"dead_letter_topic": {Type: cty.String, Optional: true,
						Description: "Full path of the topic undeliverable messages go to."},
					"max_delivery_attempts": {Type: cty.Number, Optional: true, Computed: true,
						Description: "Delivery attempts before a message is dead-lettered (API default 5)."},
				}}},
			"retry_policy": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
				Attributes: map[string]*schema.Attribute{
					"minimum_backoff": {Type: cty.String, Optional: true, Computed: true, Description: "Default \"10s\"."},
					"maximum_backoff": {Type: cty.String, Optional: true, Computed: true, Description: "Default \"600s\"."},
				}}},
		},
	}
}()

var (
	expirationType = subscriptionBlock.BlockTypes["expiration_policy"].Block.ImpliedType()
	deadLetterType = subscriptionBlock.BlockTypes["dead_letter_policy"].Block.ImpliedType()
	retryType      = subscriptionBlock.BlockTypes["retry_policy"].Block.ImpliedType()
)
