package google

import (
	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// expandSubscription builds the API's subscription from a planned value.
func expandSubscription(v cty.Value) (*pubsubpb.Subscription, schema.Diagnostics) {
	project := kit.String(v, "project")
	s := &pubsubpb.Subscription{
		Name:                      resourcePath(project, "subscriptions", kit.String(v, "name")),
		Topic:                     resourcePath(project, "topics", kit.String(v, "topic")),
		AckDeadlineSeconds:        int32(kit.Int(v, "ack_deadline_seconds")),
		RetainAckedMessages:       kit.Bool(v, "retain_acked_messages"),
		Labels:                    kit.Obj(v).StrMap("effective_labels"),
		EnableMessageOrdering:     kit.Bool(v, "enable_message_ordering"),
		EnableExactlyOnceDelivery: kit.Bool(v, "enable_exactly_once_delivery"),
		Filter:                    kit.String(v, "filter"),
	}
	var diags schema.Diagnostics
	duration := func(s string, path cty.Path) *durationpb.Duration {
		d, err := durationProto(s)
		if err != nil {
			diags = append(diags, schema.Errorf(path, "Invalid duration", err.Error())...)
		}
		return d
	}
	s.MessageRetentionDuration = duration(kit.String(v, "message_retention_duration"), attrPath("message_retention_duration"))
	if ep := kit.FirstBlock(v, "expiration_policy"); !ep.IsNull() {
		s.ExpirationPolicy = &pubsubpb.ExpirationPolicy{
			Ttl: duration(kit.String(ep, "ttl"), attrPath("expiration_policy").IndexInt(0).GetAttr("ttl"))}
	}
	if dl := kit.FirstBlock(v, "dead_letter_policy"); !dl.IsNull() {
		s.DeadLetterPolicy = &pubsubpb.DeadLetterPolicy{
			DeadLetterTopic:     kit.String(dl, "dead_letter_topic"),
			MaxDeliveryAttempts: int32(kit.Int(dl, "max_delivery_attempts")),
		}
	}
	if rp := kit.FirstBlock(v, "retry_policy"); !rp.IsNull() {
		p := attrPath("retry_policy").IndexInt(0)
		s.RetryPolicy = &pubsubpb.RetryPolicy{
			MinimumBackoff: duration(kit.String(rp, "minimum_backoff"), p.GetAttr("minimum_backoff")),
			MaximumBackoff: duration(kit.String(rp, "maximum_backoff"), p.GetAttr("maximum_backoff")),
		}
	}
	return s, diags
}

// flattenSubscription is the subscription's value, in prior's spelling
// where the API's means the same, and without what the API reports that
// prior never set (false flags, the default expiration policy).
func flattenSubscription(prior cty.Value, s *pubsubpb.Subscription) cty.Value {
	project, name, _ := splitPath(s.Name, "subscriptions")
	has := func(block string) bool {
		return !prior.IsNull() && kit.Usable(prior.GetAttr(block)) && prior.GetAttr(block).LengthInt() > 0
	}
	optBool := func(attr string, b bool) cty.Value {
		if !b && (prior.IsNull() || prior.GetAttr(attr).IsNull()) {
			return cty.NullVal(cty.Bool)
		}
		return cty.BoolVal(b)
	}
	expiration := cty.ListValEmpty(expirationType)
	if ep := s.ExpirationPolicy; ep != nil && (has("expiration_policy") || formatDuration(ep.Ttl) != defaultExpirationTTL) {
		expiration = cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"ttl": cty.StringVal(formatDuration(ep.Ttl))})})
	}
	deadLetter := cty.ListValEmpty(deadLetterType)
	if dl := s.DeadLetterPolicy; dl != nil && (dl.DeadLetterTopic != "" || has("dead_letter_policy")) {
		deadLetter = cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
			"dead_letter_topic":     kit.StrOrNull(dl.DeadLetterTopic),
			"max_delivery_attempts": cty.NumberIntVal(int64(dl.MaxDeliveryAttempts)),
		})})
	}
	retry := cty.ListValEmpty(retryType)
	if rp := s.RetryPolicy; rp != nil {
		retry = cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
			"minimum_backoff": cty.StringVal(formatDuration(rp.MinimumBackoff)),
			"maximum_backoff": cty.StringVal(formatDuration(rp.MaximumBackoff)),
		})})
	}
	live := cty.ObjectVal(map[string]cty.Value{
		"id":                           cty.StringVal(s.Name),
		"name":                         cty.StringVal(name),
		"topic":                        cty.StringVal(s.Topic),
		"project":                      cty.StringVal(project),
		"ack_deadline_seconds":         cty.NumberIntVal(int64(s.AckDeadlineSeconds)),
		"message_retention_duration":   cty.StringVal(formatDuration(s.MessageRetentionDuration)),
		"retain_acked_messages":        optBool("retain_acked_messages", s.RetainAckedMessages),
		"enable_message_ordering":      optBool("enable_message_ordering", s.EnableMessageOrdering),
		"enable_exactly_once_delivery": optBool("enable_exactly_once_delivery", s.EnableExactlyOnceDelivery),
		"filter":                       kit.StrOrNull(s.Filter),
		"labels":                       cty.NullVal(cty.Map(cty.String)),
		"terraform_labels":             cty.NullVal(cty.Map(cty.String)),
		"effective_labels":             cty.NullVal(cty.Map(cty.String)),
		"expiration_policy":            expiration,
		"dead_letter_policy":           deadLetter,
		"retry_policy":                 retry,
	})
	live = readLabels(prior, live, s.Labels)
	if prior.IsNull() {
		return live
	}
	live = kit.KeepIfEqual(prior, live, "name", sameResource(project, "subscriptions"))
	live = kit.KeepIfEqual(prior, live, "topic", sameResource(project, "topics"))
	live = kit.KeepIfEqual(prior, live, "message_retention_duration", sameDuration)
	return keepNestedDurations(prior, live)
}

// keepNestedDurations keeps prior's spelling of the durations inside the
// policy blocks.
func keepNestedDurations(prior, live cty.Value) cty.Value {
	for block, names := range map[string][]string{
		"expiration_policy": {"ttl"},
		"retry_policy":      {"minimum_backoff", "maximum_backoff"},
	} {
		pb, lb := kit.FirstBlock(prior, block), kit.FirstBlock(live, block)
		if pb.IsNull() || lb.IsNull() || !pb.IsWhollyKnown() {
			continue
		}
		for _, n := range names {
			lb = kit.KeepIfEqual(pb, lb, n, sameDuration)
		}
		live = kit.Set(live, block, cty.ListVal([]cty.Value{lb}))
	}
	return live
}
