package google

import (
	"context"
	"maps"
	"slices"
	"time"

	"cloud.google.com/go/pubsub/v2/apiv1/pubsubpb"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

func subscriptionResource(p *Provider) kit.Resource {
	s := &subscriptionOps{p: p}
	pl := &planner{p: p, block: subscriptionBlock, project: true, labels: true,
		defaults: map[string]cty.Value{"message_retention_duration": cty.StringVal(defaultSubscriptionRetention)},
		equivalent: map[string]func(a, b string) bool{
			"name":  shortNamesEqual("subscriptions"),
			"topic": sameResourceAnyProject("topics"),
		},
		known: func(v cty.Value) cty.Value {
			if kit.Known(v, "project", "name") && kit.IsSet(v, "project") && kit.IsSet(v, "name") {
				v = setIfUnknown(v, "id", cty.StringVal(resourcePath(kit.String(v, "project"), "subscriptions", kit.String(v, "name"))))
			}
			return v
		},
	}
	return kit.Resource{
		Schema:   &schema.Resource{Block: subscriptionBlock},
		Timeouts: &kit.Timeouts{Create: 20 * time.Minute, Update: 20 * time.Minute, Delete: 20 * time.Minute},
		Validate: validateDurations("message_retention_duration"),
		Plan:     pl.plan,
		Create:   s.create,
		Read:     s.read,
		Update:   s.update,
		Delete:   s.delete,
		Import:   s.importSubscription,
	}
}

type subscriptionOps struct{ p *Provider }

func (s *subscriptionOps) api() (subscriptionAPI, schema.Diagnostics) {
	c, diags := s.p.client()
	if diags.HasErrors() {
		return nil, diags
	}
	_, subs, diags := c.pubsubClients()
	return subs, diags
}

func subscriptionPathOf(v cty.Value) string {
	return resourcePath(kit.String(v, "project"), "subscriptions", kit.String(v, "name"))
}

func (s *subscriptionOps) create(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	api, diags := s.api()
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	sub, diags := expandSubscription(planned)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	if _, err := api.CreateSubscription(ctx, sub); err != nil {
		return cty.NilVal, apiDiag(err, attrPath("name"), "Cannot create Pub/Sub subscription", sub.Name)
	}
	return readBackWith(ctx, planned, s.read)
}

func (s *subscriptionOps) read(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
	api, diags := s.api()
	if diags.HasErrors() {
		return prior, diags
	}
	path := subscriptionPathOf(prior)
	sub, err := api.GetSubscription(ctx, &pubsubpb.GetSubscriptionRequest{Subscription: path})
	if isNotFound(err) {
		return subscriptionBlock.Null(), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read Pub/Sub subscription", path)
	}
	return flattenSubscription(prior, sub), nil
}

// subscriptionUpdatable maps the attributes an update may change in place
// to their field mask paths.
var subscriptionUpdatable = map[string]string{
	"ack_deadline_seconds":         "ack_deadline_seconds",
	"message_retention_duration":   "message_retention_duration",
	"retain_acked_messages":        "retain_acked_messages",
	"enable_exactly_once_delivery": "enable_exactly_once_delivery",
	"effective_labels":             "labels",
	"expiration_policy":            "expiration_policy",
	"dead_letter_policy":           "dead_letter_policy",
	"retry_policy":                 "retry_policy",
}

func (s *subscriptionOps) update(ctx context.Context, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	api, diags := s.api()
	if diags.HasErrors() {
		return prior, diags
	}
	sub, diags := expandSubscription(planned)
	if diags.HasErrors() {
		return prior, diags
	}
	var mask []string
	for _, attr := range slices.Sorted(maps.Keys(subscriptionUpdatable)) {
		if !prior.GetAttr(attr).RawEquals(planned.GetAttr(attr)) {
			mask = append(mask, subscriptionUpdatable[attr])
		}
	}
	if len(mask) > 0 {
		sub.Name = subscriptionPathOf(prior)
		_, err := api.UpdateSubscription(ctx, &pubsubpb.UpdateSubscriptionRequest{
			Subscription: sub, UpdateMask: &fieldmaskpb.FieldMask{Paths: mask}})
		if err != nil {
			return prior, apiDiag(err, nil, "Cannot update Pub/Sub subscription", sub.Name)
		}
	}
	live, diags := readBackWith(ctx, planned, s.read)
	// The spellings of name and topic live only in state.
	live = kit.KeepIfEqual(planned, live, "name", shortNamesEqual("subscriptions"))
	return kit.KeepIfEqual(planned, live, "topic", sameResourceAnyProject("topics")), diags
}

func (s *subscriptionOps) delete(ctx context.Context, prior cty.Value) schema.Diagnostics {
	api, diags := s.api()
	if diags.HasErrors() {
		return diags
	}
	path := subscriptionPathOf(prior)
	err := api.DeleteSubscription(ctx, &pubsubpb.DeleteSubscriptionRequest{Subscription: path})
	if err == nil || isNotFound(err) {
		return nil
	}
	return apiDiag(err, nil, "Cannot delete Pub/Sub subscription", path)
}

func (s *subscriptionOps) importSubscription(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	project, name, diags := s.p.importProjectName(id, "subscriptions")
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return stubOf(subscriptionBlock, map[string]cty.Value{"project": cty.StringVal(project), "name": cty.StringVal(name)}), nil
}
