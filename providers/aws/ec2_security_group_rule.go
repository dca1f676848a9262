package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var sgRuleBlock = &schema.Block{
	Description: "One rule of a security group. Import ID: the rule ID (sgr-...).",
	Attributes: map[string]*schema.Attribute{
		"id":                           {Type: cty.String, Computed: true},
		"arn":                          {Type: cty.String, Computed: true},
		"security_group_rule_id":       {Type: cty.String, Computed: true},
		"security_group_id":            {Type: cty.String, Required: true, ForceNew: true},
		"ip_protocol":                  {Type: cty.String, Required: true, Description: "tcp, udp, icmp, or -1 for all."},
		"from_port":                    optNum(""),
		"to_port":                      optNum(""),
		"cidr_ipv4":                    optStr(""),
		"cidr_ipv6":                    optStr(""),
		"prefix_list_id":               optStr(""),
		"referenced_security_group_id": optStr(""),
		"description":                  optStr(""),
		"tags":                         {Type: cty.Map(cty.String), Optional: true},
		"tags_all":                     {Type: cty.Map(cty.String), Computed: true},
	},
}

func sgRuleResource(egress bool) *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: sgRuleBlock},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			return createSGRule(ctx, c, planned, egress)
		},
		read: readSGRule,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			id := kit.Obj(prior).Str("id")
			if changed(prior, planned, "ip_protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6", "prefix_list_id",
				"referenced_security_group_id", "description") {
				_, err := c.ec2.ModifySecurityGroupRules(ctx, &ec2.ModifySecurityGroupRulesInput{GroupId: kit.Obj(prior).StrPtr("security_group_id"),
					SecurityGroupRules: []ec2types.SecurityGroupRuleUpdate{{SecurityGroupRuleId: &id, SecurityGroupRule: sgRuleRequest(kit.Obj(planned))}}})
				if err != nil {
					return prior, apiDiag(err, nil, "Cannot modify security group rule")
				}
			}
			return planned, updateEC2Tags(ctx, c, id, prior, planned)
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			o := kit.Obj(prior)
			ids := []string{o.Str("id")}
			var err error
			if egress {
				_, err = c.ec2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: o.StrPtr("security_group_id"), SecurityGroupRuleIds: ids})
			} else {
				_, err = c.ec2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: o.StrPtr("security_group_id"), SecurityGroupRuleIds: ids})
			}
			if err != nil && !isNotFound(err, "InvalidSecurityGroupRuleId.NotFound", "InvalidGroup.NotFound", "InvalidPermission.NotFound") {
				return apiDiag(err, nil, "Cannot revoke security group rule")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) { return idStub(sgRuleBlock, id, nil) },
	}
}

func sgRuleRequest(o kit.Obj) *ec2types.SecurityGroupRuleRequest {
	return &ec2types.SecurityGroupRuleRequest{IpProtocol: o.StrPtr("ip_protocol"), FromPort: o.Int32Ptr("from_port"),
		ToPort: o.Int32Ptr("to_port"), CidrIpv4: o.StrPtr("cidr_ipv4"), CidrIpv6: o.StrPtr("cidr_ipv6"),
		PrefixListId: o.StrPtr("prefix_list_id"), ReferencedGroupId: o.StrPtr("referenced_security_group_id"),
		Description: o.StrPtr("description")}
}

func createSGRule(ctx context.Context, c *client, planned cty.Value, egress bool) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	perm := ec2types.IpPermission{IpProtocol: o.StrPtr("ip_protocol"), FromPort: o.Int32Ptr("from_port"), ToPort: o.Int32Ptr("to_port")}
	switch {
	case !o.Null("cidr_ipv4"):
		perm.IpRanges = []ec2types.IpRange{{CidrIp: o.StrPtr("cidr_ipv4"), Description: o.StrPtr("description")}}
	case !o.Null("cidr_ipv6"):
		perm.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: o.StrPtr("cidr_ipv6"), Description: o.StrPtr("description")}}
	case !o.Null("prefix_list_id"):
		perm.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: o.StrPtr("prefix_list_id"), Description: o.StrPtr("description")}}
	case !o.Null("referenced_security_group_id"):
		perm.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: o.StrPtr("referenced_security_group_id"), Description: o.StrPtr("description")}}
	}
	tags := ec2TagSpec(ec2types.ResourceTypeSecurityGroupRule, o.StrMap("tags_all"))
	var rules []ec2types.SecurityGroupRule
	var err error
	if egress {
		var out *ec2.AuthorizeSecurityGroupEgressOutput
		out, err = c.ec2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: o.StrPtr("security_group_id"),
			IpPermissions: []ec2types.IpPermission{perm}, TagSpecifications: tags})
		if err == nil {
			rules = out.SecurityGroupRules
		}
	} else {
		var out *ec2.AuthorizeSecurityGroupIngressOutput
		out, err = c.ec2.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: o.StrPtr("security_group_id"),
			IpPermissions: []ec2types.IpPermission{perm}, TagSpecifications: tags})
		if err == nil {
			rules = out.SecurityGroupRules
		}
	}
	if err != nil {
		path := cty.Path(nil)
		if isNotFound(err, "InvalidGroup.NotFound") {
			path = attrPath("security_group_id")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot authorize security group rule")
	}
	if len(rules) == 0 {
		return cty.NullVal(planned.Type()), schema.Errorf(nil, "Security group rule not reported", "The API authorized the rule but returned no rule ID.")
	}
	return kit.Set(planned, "id", kit.StrPtrVal(rules[0].SecurityGroupRuleId)), nil
}

func readSGRule(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	id := o.Str("id")
	out, err := c.ec2.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{SecurityGroupRuleIds: []string{id}})
	if isNotFound(err, "InvalidSecurityGroupRuleId.NotFound", "InvalidGroup.NotFound") || (err == nil && len(out.SecurityGroupRules) == 0) {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read security group rule")
	}
	r := out.SecurityGroupRules[0]
	tags, tagsAll := c.readTags(prior, fromEC2Tags(r.Tags))
	ref := cty.NullVal(cty.String)
	if r.ReferencedGroupInfo != nil {
		ref = kit.StrPtrVal(r.ReferencedGroupInfo.GroupId)
	}
	from, to := kit.Int32PtrVal(r.FromPort), kit.Int32PtrVal(r.ToPort)
	if aws.ToString(r.IpProtocol) == "-1" && o.Null("from_port") && o.Null("to_port") {
		from, to = cty.NullVal(cty.Number), cty.NullVal(cty.Number) // ports mean nothing for all protocols
	}
	return kit.ObjectVal(sgRuleBlock, map[string]cty.Value{
			"id": cty.StringVal(id), "security_group_rule_id": cty.StringVal(id),
			"arn":               cty.StringVal(c.ec2ARN(aws.ToString(r.GroupOwnerId), "security-group-rule", id)),
			"security_group_id": kit.StrPtrVal(r.GroupId), "ip_protocol": kit.StrPtrVal(r.IpProtocol), "from_port": from, "to_port": to,
			"cidr_ipv4": kit.StrPtrVal(r.CidrIpv4), "cidr_ipv6": kit.StrPtrVal(r.CidrIpv6), "prefix_list_id": kit.StrPtrVal(r.PrefixListId),
			"referenced_security_group_id": ref, "description": conform(o.Attr("description"), cty.StringVal(aws.ToString(r.Description))),
			"tags": tags, "tags_all": tagsAll,
		}),

		nil
}
