package aws

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var route53ZoneBlock = &schema.Block{
	Description: "A public Route 53 hosted zone. Import ID: the zone ID.",
	Attributes: map[string]*schema.Attribute{
		"id":                  {Type: cty.String, Computed: true},
		"zone_id":             {Type: cty.String, Computed: true},
		"arn":                 {Type: cty.String, Computed: true},
		"name":                {Type: cty.String, Required: true, ForceNew: true},
		"comment":             {Type: cty.String, Optional: true, Computed: true},
		"force_destroy":       {Type: cty.Bool, Optional: true, Computed: true},
		"name_servers":        {Type: cty.List(cty.String), Computed: true},
		"primary_name_server": {Type: cty.String, Computed: true},
		"tags":                {Type: cty.Map(cty.String), Optional: true},
		"tags_all":            {Type: cty.Map(cty.String), Computed: true},
	},
}

func route53ZoneResource() *resourceType {
	return &resourceType{
		schema:   &schema.Resource{Block: route53ZoneBlock},
		defaults: map[string]cty.Value{"comment": cty.StringVal("Managed by Terraform"), "force_destroy": cty.False},
		create:   createRoute53Zone,
		read:     readRoute53Zone,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			id := kit.Obj(prior).Str("id")
			if changed(prior, planned, "comment") {
				if _, err := c.route53.UpdateHostedZoneComment(ctx, &route53.UpdateHostedZoneCommentInput{Id: &id,
					Comment: kit.Obj(planned).StrPtr("comment")}); err != nil {
					return prior, apiDiag(err, attrPath("comment"), "Cannot update hosted zone comment")
				}
			}
			return planned, updateRoute53Tags(ctx, c, id, prior, planned)
		},
		delete:      deleteRoute53Zone,
		importState: func(id string) (cty.Value, schema.Diagnostics) { return idStub(route53ZoneBlock, cleanZoneID(id), nil) },
	}
}

// cleanZoneID drops the /hostedzone/ prefix the API puts on zone IDs.
func cleanZoneID(id string) string { return strings.TrimPrefix(id, "/hostedzone/") }

// trimDot is a DNS name without its trailing dot, lower-cased, as
// Terraform stores names.
func trimDot(name string) string { return strings.ToLower(strings.TrimSuffix(name, ".")) }

func createRoute53Zone(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	out, err := c.route53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: o.StrPtr("name"),
		CallerReference:  aws.String(uniqueName("trueup-")),
		HostedZoneConfig: &r53types.HostedZoneConfig{Comment: o.StrPtr("comment")}})
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, attrPath("name"), "Cannot create hosted zone")
	}
	id := cleanZoneID(aws.ToString(out.HostedZone.Id))
	state := kit.Set(planned, "id", cty.StringVal(id))
	if err := waitRoute53Change(ctx, c, out.ChangeInfo); err != nil {
		return state, apiDiag(err, nil, "Hosted zone created but not in sync")
	}
	if tags := o.StrMap("tags_all"); len(tags) > 0 {
		if _, err := c.route53.ChangeTagsForResource(ctx, &route53.ChangeTagsForResourceInput{ResourceType: r53types.TagResourceTypeHostedzone,
			ResourceId: &id, AddTags: r53Tags(tags)}); err != nil {
			return state, apiDiag(err, attrPath("tags"), "Hosted zone created but tagging failed")
		}
	}
	return state, nil
}

func waitRoute53Change(ctx context.Context, c *client, info *r53types.ChangeInfo) error {
	if info == nil || info.Status == r53types.ChangeStatusInsync {
		return nil
	}
	return waitFor(ctx, 10*time.Minute, "Route 53 change to be in sync", func() (bool, error) {
		out, err := c.route53.GetChange(ctx, &route53.GetChangeInput{Id: info.Id})
		if err != nil {
			return false, err
		}
		return out.ChangeInfo.Status == r53types.ChangeStatusInsync, nil
	})
}

func r53Tags(tags map[string]string) []r53types.Tag {
	out := make([]r53types.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, r53types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func updateRoute53Tags(ctx context.Context, c *client, id string, prior, planned cty.Value) schema.Diagnostics {
	if !tagsChanged(prior, planned) {
		return nil
	}
	set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), kit.Obj(planned).StrMap("tags_all"))
	in := &route53.ChangeTagsForResourceInput{ResourceType: r53types.TagResourceTypeHostedzone, ResourceId: &id}
	if len(set) > 0 {
		in.AddTags = r53Tags(set)
	}
	if len(removed) > 0 {
		in.RemoveTagKeys = removed
	}
	_, err := c.route53.ChangeTagsForResource(ctx, in)
	return apiDiag(err, attrPath("tags"), "Cannot tag hosted zone")
}

func readRoute53Zone(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	id := o.Str("id")
	out, err := c.route53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: &id})
	if isNotFound(err, "NoSuchHostedZone") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read hosted zone")
	}
	tagOut, err := c.route53.ListTagsForResource(ctx, &route53.ListTagsForResourceInput{ResourceType: r53types.TagResourceTypeHostedzone, ResourceId: &id})
	if err != nil {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read hosted zone tags")
	}
	live := map[string]string{}
	if tagOut.ResourceTagSet != nil {
		for _, t := range tagOut.ResourceTagSet.Tags {
			live[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	tags, tagsAll := c.readTags(prior, live)
	z := out.HostedZone
	var ns []string
	if out.DelegationSet != nil {
		ns = out.DelegationSet.NameServers
	}
	primary := ""
	if len(ns) > 0 {
		primary = ns[0]
	}
	comment := ""
	if z.Config != nil {
		comment = aws.ToString(z.Config.Comment)
	}
	return kit.ObjectVal(route53ZoneBlock, map[string]cty.Value{
			"id": cty.StringVal(id), "zone_id": cty.StringVal(id), "arn": cty.StringVal("arn:" + c.partition + ":route53:::hostedzone/" + id),
			"name": cty.StringVal(trimDot(aws.ToString(z.Name))), "comment": cty.StringVal(comment), "force_destroy": o.Attr("force_destroy"),
			"name_servers": kit.ListVal(ns), "primary_name_server": cty.StringVal(primary), "tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func deleteRoute53Zone(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	id := kit.Obj(prior).Str("id")
	if kit.Obj(prior).Bool("force_destroy") {
		if err := emptyZone(ctx, c, id); err != nil && !isNotFound(err, "NoSuchHostedZone") {
			return apiDiag(err, attrPath("force_destroy"), "Cannot delete the hosted zone's records")
		}
	}
	_, err := c.route53.DeleteHostedZone(ctx, &route53.DeleteHostedZoneInput{Id: &id})
	switch {
	case err == nil || isNotFound(err, "NoSuchHostedZone"):
		return nil
	case hasCode(err, "HostedZoneNotEmpty"):
		return schema.Errorf(attrPath("force_destroy"), "Cannot delete hosted zone", apiMessage(err)+". Set force_destroy = true to delete its records with it.")
	}
	return apiDiag(err, nil, "Cannot delete hosted zone")
}

// emptyZone deletes every record set but the zone's own SOA and NS.
func emptyZone(ctx context.Context, c *client, id string) error {
	zone, err := c.route53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: &id})
	if err != nil {
		return err
	}
	apex := aws.ToString(zone.HostedZone.Name)
	pages := route53.NewListResourceRecordSetsPaginator(c.route53, &route53.ListResourceRecordSetsInput{HostedZoneId: &id})
	var changes []r53types.Change
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, rs := range page.ResourceRecordSets {
			if aws.ToString(rs.Name) == apex && (rs.Type == r53types.RRTypeSoa || rs.Type == r53types.RRTypeNs) {
				continue
			}
			changes = append(changes, r53types.Change{Action: r53types.ChangeActionDelete, ResourceRecordSet: &rs})
		}
	}
	if len(changes) == 0 {
		return nil
	}
	_, err = c.route53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &id,
		ChangeBatch: &r53types.ChangeBatch{Changes: changes}})
	return err
}
