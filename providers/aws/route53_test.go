package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func r53Client() *route53.Client { return route53.NewFromConfig(sdkConfig()) }

func TestRoute53Conformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	zone, err := r53Client().CreateHostedZone(bg, &route53.CreateHostedZoneInput{Name: aws.String("example.com"),
		CallerReference: aws.String("test-zone")})
	mustNoErr(t, err)
	zoneID := cleanZoneID(aws.ToString(zone.HostedZone.Id))
	record := func(vals map[string]cty.Value) cty.Value {
		vals["zone_id"] = cty.StringVal(zoneID)
		return cfg(t, "aws_route53_record", vals)
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "zone comment and tags change in place; tag drift is seen",
		Type: "aws_route53_zone",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_route53_zone", map[string]cty.Value{"name": cty.StringVal("trueup.test")}),
				Check: func(t *testing.T, s cty.Value) {
					if s.GetAttr("name_servers").LengthInt() == 0 {
						t.Error("no name servers read")
					}
				}},
			{Config: cfg(t, "aws_route53_zone", map[string]cty.Value{"name": cty.StringVal("trueup.test"),
				"comment": cty.StringVal("test zone"), "tags": tagsVal("env", "test"), "force_destroy": cty.True})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			id := str(s, "id")
			_, err := r53Client().ChangeTagsForResource(bg, &route53.ChangeTagsForResourceInput{ResourceType: r53types.TagResourceTypeHostedzone,
				ResourceId: &id, AddTags: []r53types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"force_destroy"},
	}, {
		Name: "a TXT record's values and TTL change in place; a deleted record is re-created",
		Type: "aws_route53_record",
		Steps: []providertest.Step{
			{Config: record(map[string]cty.Value{"name": cty.StringVal("www.example.com"), "type": cty.StringVal("TXT"),
				"ttl": cty.NumberIntVal(300), "records": strs("v=spf1 -all")})},
			{Config: record(map[string]cty.Value{"name": cty.StringVal("www.example.com"), "type": cty.StringVal("TXT"),
				"ttl": cty.NumberIntVal(60), "records": strs("v=spf1 -all", "hello")})},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			list, err := r53Client().ListResourceRecordSets(bg, &route53.ListResourceRecordSetsInput{HostedZoneId: &zoneID,
				StartRecordName: aws.String("www.example.com."), StartRecordType: r53types.RRTypeTxt, MaxItems: aws.Int32(1)})
			mustNoErr(t, err)
			_, err = r53Client().ChangeResourceRecordSets(bg, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &zoneID,
				ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionDelete,
					ResourceRecordSet: &list.ResourceRecordSets[0]}}}})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "an A record's address changes in place and drift is seen",
		Type: "aws_route53_record",
		Steps: []providertest.Step{
			{Config: record(map[string]cty.Value{"name": cty.StringVal("api.example.com"), "type": cty.StringVal("A"),
				"ttl": cty.NumberIntVal(300), "records": strs("192.0.2.1")})},
			{Config: record(map[string]cty.Value{"name": cty.StringVal("api.example.com"), "type": cty.StringVal("A"),
				"ttl": cty.NumberIntVal(300), "records": strs("192.0.2.2")})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := r53Client().ChangeResourceRecordSets(bg, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &zoneID,
				ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionUpsert,
					ResourceRecordSet: &r53types.ResourceRecordSet{Name: aws.String("api.example.com."), Type: r53types.RRTypeA, TTL: aws.Int64(300),
						ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("198.51.100.7")}}}}}}})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}})
}
