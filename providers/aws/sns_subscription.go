package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var snsSubAttrs = []sqsAttr{
	{"raw_message_delivery", "RawMessageDelivery", cty.Bool, cty.False, false},
	{"filter_policy", "FilterPolicy", cty.String, cty.NilVal, false},
	{"filter_policy_scope", "FilterPolicyScope", cty.String, cty.NilVal, false},
	{"redrive_policy", "RedrivePolicy", cty.String, cty.NilVal, false},
	{"delivery_policy", "DeliveryPolicy", cty.String, cty.NilVal, false},
	{"subscription_role_arn", "SubscriptionRoleArn", cty.String, cty.NilVal, false},
}

var snsSubBlock = func() *schema.Block {
	b := &schema.Block{
		Description: "A subscription to an SNS topic. Import ID: the subscription ARN.",
		Attributes: map[string]*schema.Attribute{
			"id":                              {Type: cty.String, Computed: true, Description: "The subscription ARN."},
			"arn":                             {Type: cty.String, Computed: true},
			"owner_id":                        {Type: cty.String, Computed: true},
			"pending_confirmation":            {Type: cty.Bool, Computed: true},
			"confirmation_was_authenticated":  {Type: cty.Bool, Computed: true},
			"topic_arn":                       {Type: cty.String, Required: true, ForceNew: true},
			"protocol":                        {Type: cty.String, Required: true, ForceNew: true},
			"endpoint":                        {Type: cty.String, Required: true, ForceNew: true},
			"confirmation_timeout_in_minutes": {Type: cty.Number, Optional: true, Computed: true},
			"endpoint_auto_confirms":          {Type: cty.Bool, Optional: true, Computed: true},
		},
	}
	for _, a := range snsSubAttrs {
		b.Attributes[a.name] = &schema.Attribute{Type: a.ty, Optional: true, Computed: a.def != cty.NilVal || a.name == "filter_policy_scope"}
	}
	return b
}()

func snsSubscriptionResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: snsSubBlock},
		defaults: map[string]cty.Value{"raw_message_delivery": cty.False, "confirmation_timeout_in_minutes": cty.NumberIntVal(1),
			"endpoint_auto_confirms": cty.False},
		jsonAttrs: map[string]equalFunc{"filter_policy": jsonEqual, "redrive_policy": jsonEqual, "delivery_policy": jsonEqual},
		validate:  validateJSONAttrs("filter_policy", "redrive_policy", "delivery_policy"),
		plan: func(_ *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			// SNS sets the scope when a filter policy appears.
			if !prior.IsNull() && changed(prior, planned, "filter_policy") && kit.Obj(config).Null("filter_policy_scope") {
				planned = kit.Set(planned, "filter_policy_scope", cty.UnknownVal(cty.String))
			}
			return planned, nil
		},
		create: createSNSSubscription,
		read:   readSNSSubscription,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			o := kit.Obj(planned)
			for _, a := range snsSubAttrs {
				if !changed(prior, planned, a.name) {
					continue
				}
				_, err := c.sns.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{
					SubscriptionArn: aws.String(kit.Obj(prior).Str("id")), AttributeName: aws.String(a.api),
					AttributeValue: aws.String(sqsAPIValue(o.Attr(a.name)))})
				if err != nil {
					return prior, apiDiag(err, attrPath(a.name), "Cannot update SNS subscription")
				}
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.sns.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: aws.String(kit.Obj(prior).Str("id"))})
			if err != nil && !isNotFound(err, "NotFound") {
				return apiDiag(err, nil, "Cannot delete SNS subscription")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(snsSubBlock, id, map[string]cty.Value{"arn": cty.StringVal(id)})
		},
	}
}

func createSNSSubscription(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	attrs := map[string]string{}
	for _, a := range snsSubAttrs {
		if s := sqsAPIValue(o.Attr(a.name)); s != "" && s != "false" {
			attrs[a.api] = s
		}
	}
	out, err := c.sns.Subscribe(ctx, &sns.SubscribeInput{TopicArn: o.StrPtr("topic_arn"), Protocol: o.StrPtr("protocol"),
		Endpoint: o.StrPtr("endpoint"), Attributes: attrs, ReturnSubscriptionArn: true})
	if err != nil {
		path := apiAttrPath(err, snsSubAttrs)
		if isNotFound(err, "NotFound") {
			path = attrPath("topic_arn")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot subscribe to SNS topic")
	}
	arn := aws.ToString(out.SubscriptionArn)
	return kit.Set(kit.Set(planned, "id", cty.StringVal(arn)), "arn", cty.StringVal(arn)), nil
}

func readSNSSubscription(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	arn := o.Str("id")
	out, err := c.sns.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(arn)})
	if isNotFound(err, "NotFound") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read SNS subscription")
	}
	at := out.Attributes
	vals := map[string]cty.Value{
		"id": cty.StringVal(arn), "arn": cty.StringVal(arn), "owner_id": cty.StringVal(at["Owner"]),
		"topic_arn": cty.StringVal(at["TopicArn"]), "protocol": cty.StringVal(at["Protocol"]), "endpoint": cty.StringVal(at["Endpoint"]),
		"pending_confirmation":            cty.BoolVal(at["PendingConfirmation"] == "true"),
		"confirmation_was_authenticated":  cty.BoolVal(at["ConfirmationWasAuthenticated"] == "true"),
		"confirmation_timeout_in_minutes": o.Attr("confirmation_timeout_in_minutes"),
		"endpoint_auto_confirms":          o.Attr("endpoint_auto_confirms"),
	}
	for _, a := range snsSubAttrs {
		v := sqsCtyValue(a, at[a.api])
		if !snsSubBlock.Attributes[a.name].Computed {
			v = conform(o.Attr(a.name), v)
		}
		vals[a.name] = v
	}
	return kit.ObjectVal(snsSubBlock, vals), nil
}
