package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var route53RecordBlock = &schema.Block{
	Description: "A record set in a hosted zone. Import ID: ZONEID_NAME_TYPE[_SETIDENTIFIER].",
	Attributes: map[string]*schema.Attribute{
		"id":              {Type: cty.String, Computed: true},
		"fqdn":            {Type: cty.String, Computed: true},
		"zone_id":         {Type: cty.String, Required: true, ForceNew: true},
		"name":            {Type: cty.String, Required: true, ForceNew: true, Description: "Relative to the zone, or fully qualified."},
		"type":            {Type: cty.String, Required: true, ForceNew: true},
		"ttl":             optNum(""),
		"records":         {Type: cty.Set(cty.String), Optional: true},
		"set_identifier":  {Type: cty.String, Optional: true, ForceNew: true},
		"allow_overwrite": {Type: cty.Bool, Optional: true, Computed: true},
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"alias": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"name":                   {Type: cty.String, Required: true},
			"zone_id":                {Type: cty.String, Required: true},
			"evaluate_target_health": {Type: cty.Bool, Required: true},
		}}},
	},
}

func route53RecordResource() *resourceType {
	return &resourceType{
		schema:   &schema.Resource{Block: route53RecordBlock},
		defaults: map[string]cty.Value{"allow_overwrite": cty.False},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			action := r53types.ChangeActionCreate
			if kit.Obj(planned).Bool("allow_overwrite") {
				action = r53types.ChangeActionUpsert
			}
			fqdn, diags := changeRecord(ctx, c, planned, action)
			if diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			o := kit.Obj(planned)
			id := strings.Join(nonEmpty(o.Str("zone_id"), trimDot(fqdn), o.Str("type"), o.Str("set_identifier")), "_")
			return kit.Set(kit.Set(planned, "id", cty.StringVal(id)), "fqdn", cty.StringVal(trimDot(fqdn))), nil
		},
		read: readRoute53Record,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if _, diags := changeRecord(ctx, c, planned, r53types.ChangeActionUpsert); diags.HasErrors() {
				return prior, diags
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, diags := changeRecord(ctx, c, prior, r53types.ChangeActionDelete)
			if diags.HasErrors() && (strings.Contains(diags.Err().Error(), "not found") || strings.Contains(diags.Err().Error(), "NoSuchHostedZone")) {
				return nil
			}
			return diags
		},
		importState: importRoute53Record,
	}
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// recordFQDN expands a record name relative to its zone.
func recordFQDN(ctx context.Context, c *client, zoneID, name string) (string, error) {
	zone, err := c.route53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: &zoneID})
	if err != nil {
		return "", err
	}
	apex := trimDot(aws.ToString(zone.HostedZone.Name))
	name = trimDot(name)
	if name == apex || strings.HasSuffix(name, "."+apex) {
		return name + ".", nil
	}
	return name + "." + apex + ".", nil
}

// quoteTXT puts TXT and SPF values in the quotes the API needs.
func quoteTXT(typ, v string) string {
	if (typ == "TXT" || typ == "SPF") && !strings.HasPrefix(v, `"`) {
		return `"` + v + `"`
	}
	return v
}

func changeRecord(ctx context.Context, c *client, v cty.Value, action r53types.ChangeAction) (string, schema.Diagnostics) {
	o := kit.Obj(v)
	zoneID := o.Str("zone_id")
	fqdn, err := recordFQDN(ctx, c, zoneID, o.Str("name"))
	if err != nil {
		return "", apiDiag(err, attrPath("zone_id"), "Cannot read the record's hosted zone")
	}
	rs := &r53types.ResourceRecordSet{Name: &fqdn, Type: r53types.RRType(o.Str("type")), SetIdentifier: o.StrPtr("set_identifier")}
	if a := o.Block("alias"); a.Present() {
		rs.AliasTarget = &r53types.AliasTarget{DNSName: a.StrPtr("name"), HostedZoneId: a.StrPtr("zone_id"),
			EvaluateTargetHealth: a.Bool("evaluate_target_health")}
	} else {
		rs.TTL = o.Int64Ptr("ttl")
		for _, r := range o.StrList("records") {
			rs.ResourceRecords = append(rs.ResourceRecords, r53types.ResourceRecord{Value: aws.String(quoteTXT(o.Str("type"), r))})
		}
	}
	out, err := c.route53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &zoneID,
		ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: action, ResourceRecordSet: rs}}}})
	if err != nil {
		return fqdn, apiDiag(err, attrPath("records"), "Cannot change Route 53 record")
	}
	return fqdn, apiDiag(waitRoute53Change(ctx, c, out.ChangeInfo), nil, "Route 53 change not in sync")
}

func readRoute53Record(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	zoneID := o.Str("zone_id")
	fqdn, err := recordFQDN(ctx, c, zoneID, o.Str("name"))
	if isNotFound(err, "NoSuchHostedZone") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read the record's hosted zone")
	}
	pages := route53.NewListResourceRecordSetsPaginator(c.route53, &route53.ListResourceRecordSetsInput{HostedZoneId: &zoneID,
		StartRecordName: &fqdn, StartRecordType: r53types.RRType(o.Str("type"))})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return prior, apiDiag(err, nil, "Cannot list Route 53 records")
		}
		for _, rs := range page.ResourceRecordSets {
			if trimDot(aws.ToString(rs.Name)) != trimDot(fqdn) || string(rs.Type) != o.Str("type") ||
				aws.ToString(rs.SetIdentifier) != o.Str("set_identifier") {
				continue
			}
			return flattenRecord(o, rs, fqdn), nil
		}
		if len(page.ResourceRecordSets) > 0 && trimDot(aws.ToString(page.ResourceRecordSets[len(page.ResourceRecordSets)-1].Name)) > trimDot(fqdn) {
			break // listed past the name: it is gone
		}
	}
	return cty.NullVal(prior.Type()), nil
}

func flattenRecord(o kit.Obj, rs r53types.ResourceRecordSet, fqdn string) cty.Value {
	var records []string
	for _, r := range rs.ResourceRecords {
		v := aws.ToString(r.Value)
		if rs.Type == r53types.RRTypeTxt || rs.Type == r53types.RRTypeSpf {
			v = strings.TrimSuffix(strings.TrimPrefix(v, `"`), `"`)
		}
		records = append(records, v)
	}
	attrs := map[string]cty.Value{
		"id": o.Attr("id"), "fqdn": cty.StringVal(trimDot(fqdn)), "zone_id": o.Attr("zone_id"), "type": cty.StringVal(string(rs.Type)),
		"name": o.Attr("name"), "set_identifier": o.Attr("set_identifier"), "allow_overwrite": o.Attr("allow_overwrite"),
		"ttl": kit.Int64PtrVal(rs.TTL),
	}
	if len(records) > 0 || !o.Null("records") {
		attrs["records"] = kit.SetVal(records)
	}
	if a := rs.AliasTarget; a != nil {
		nb := route53RecordBlock.BlockTypes["alias"]
		attrs["alias"] = kit.BlockVal(nb, []cty.Value{kit.ObjectVal(&nb.Block, map[string]cty.Value{
			"name": cty.StringVal(trimDot(aws.ToString(a.DNSName))), "zone_id": kit.StrPtrVal(a.HostedZoneId),
			"evaluate_target_health": cty.BoolVal(a.EvaluateTargetHealth)})})

	}
	return kit.ObjectVal(route53RecordBlock, attrs)
}

// importRoute53Record parses ZONEID_NAME_TYPE[_SETIDENTIFIER].
func importRoute53Record(id string) (cty.Value, schema.Diagnostics) {
	parts := strings.SplitN(id, "_", 4)
	if len(parts) < 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID", "Want ZONEID_NAME_TYPE[_SETIDENTIFIER], got "+id+".")
	}
	attrs := map[string]cty.Value{"zone_id": cty.StringVal(parts[0]), "name": cty.StringVal(trimDot(parts[1])), "type": cty.StringVal(strings.ToUpper(parts[2]))}
	if len(parts) == 4 {
		attrs["set_identifier"] = cty.StringVal(parts[3])
	}
	return idStub(route53RecordBlock, id, attrs)
}
