package aws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var securityGroupBlock = &schema.Block{
	Description: "A security group; its rules are aws_vpc_security_group_ingress_rule and _egress_rule. Import ID: the group ID.",
	Attributes: map[string]*schema.Attribute{
		"id":                     {Type: cty.String, Computed: true},
		"arn":                    {Type: cty.String, Computed: true},
		"owner_id":               {Type: cty.String, Computed: true},
		"name":                   {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"name_prefix":            {Type: cty.String, Optional: true, ForceNew: true},
		"description":            {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"vpc_id":                 {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"revoke_rules_on_delete": {Type: cty.Bool, Optional: true, Computed: true},
		"tags":                   {Type: cty.Map(cty.String), Optional: true},
		"tags_all":               {Type: cty.Map(cty.String), Computed: true},
	},
}

func securityGroupResource() *resourceType {
	return &resourceType{
		schema:   &schema.Resource{Block: securityGroupBlock},
		timeouts: &kit.Timeouts{Create: 10 * time.Minute, Delete: 15 * time.Minute},
		defaults: map[string]cty.Value{"description": cty.StringVal("Managed by Terraform"), "revoke_rules_on_delete": cty.False},
		create:   createSecurityGroup,
		read:     readSecurityGroup,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			return planned, updateEC2Tags(ctx, c, kit.Obj(prior).Str("id"), prior, planned)
		},
		delete:      deleteSecurityGroup,
		importState: func(id string) (cty.Value, schema.Diagnostics) { return idStub(securityGroupBlock, id, nil) },
	}
}

func createSecurityGroup(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	if name == "" {
		name = uniqueName(o.Str("name_prefix"))
	}
	out, err := c.ec2.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String(name),
		Description: o.StrPtr("description"), VpcId: o.StrPtr("vpc_id"),
		TagSpecifications: ec2TagSpec(ec2types.ResourceTypeSecurityGroup, o.StrMap("tags_all"))})
	if err != nil {
		path := attrPath("name")
		if isNotFound(err, "InvalidVpcID.NotFound") {
			path = attrPath("vpc_id")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot create security group")
	}
	created := kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", kit.StrPtrVal(out.GroupId))
	// As Terraform does: a new group's default allow-all egress rule goes,
	// so that egress is exactly the aws_vpc_security_group_egress_rule
	// resources (one re-adding allow-all would otherwise be a duplicate).
	if err := revokeDefaultEgress(ctx, c, aws.ToString(out.GroupId)); err != nil {
		return created, apiDiag(err, nil, "Cannot revoke the default egress rule of the new security group")
	}
	return created, nil
}

// revokeDefaultEgress removes the allow-all egress rules EC2 gives a new
// group (IPv4, and IPv6 when the VPC has it).
func revokeDefaultEgress(ctx context.Context, c *client, id string) error {
	out, err := c.ec2.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{Filters: []ec2types.Filter{filter("group-id", id)}})
	if err != nil {
		return err
	}
	var ids []string
	for _, r := range out.SecurityGroupRules {
		allTraffic := aws.ToString(r.IpProtocol) == "-1"
		anywhere := aws.ToString(r.CidrIpv4) == "0.0.0.0/0" || aws.ToString(r.CidrIpv6) == "::/0"
		if aws.ToBool(r.IsEgress) && allTraffic && anywhere {
			ids = append(ids, aws.ToString(r.SecurityGroupRuleId))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err = c.ec2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: &id, SecurityGroupRuleIds: ids})
	return err
}

func readSecurityGroup(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	id := o.Str("id")
	out, err := c.ec2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{id}})
	if isNotFound(err, "InvalidGroup.NotFound") || (err == nil && len(out.SecurityGroups) == 0) {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read security group")
	}
	g := out.SecurityGroups[0]
	tags, tagsAll := c.readTags(prior, fromEC2Tags(g.Tags))
	return kit.ObjectVal(securityGroupBlock, map[string]cty.Value{
			"id": cty.StringVal(id), "arn": cty.StringVal(c.ec2ARN(aws.ToString(g.OwnerId), "security-group", id)), "owner_id": kit.StrPtrVal(g.OwnerId),
			"name": kit.StrPtrVal(g.GroupName), "name_prefix": o.Attr("name_prefix"), "description": kit.StrPtrVal(g.Description),
			"vpc_id": cty.StringVal(aws.ToString(g.VpcId)), "revoke_rules_on_delete": o.Attr("revoke_rules_on_delete"),
			"tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func deleteSecurityGroup(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	id := kit.Obj(prior).Str("id")
	if kit.Obj(prior).Bool("revoke_rules_on_delete") {
		if err := revokeAllRules(ctx, c, id); err != nil && !isNotFound(err, "InvalidGroup.NotFound") {
			return apiDiag(err, attrPath("revoke_rules_on_delete"), "Cannot revoke security group rules")
		}
	}
	err := deleteRetryingDependencies(ctx, "security group", func() error {
		_, err := c.ec2.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: &id})
		return err
	}, "InvalidGroup.NotFound")
	return apiDiag(err, nil, "Cannot delete security group")
}

// revokeAllRules removes every rule of a group, so groups that refer to
// each other can be deleted.
func revokeAllRules(ctx context.Context, c *client, id string) error {
	out, err := c.ec2.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{Filters: []ec2types.Filter{filter("group-id", id)}})
	if err != nil {
		return err
	}
	var in, eg []string
	for _, r := range out.SecurityGroupRules {
		if aws.ToBool(r.IsEgress) {
			eg = append(eg, aws.ToString(r.SecurityGroupRuleId))
		} else {
			in = append(in, aws.ToString(r.SecurityGroupRuleId))
		}
	}
	if len(in) > 0 {
		if _, err := c.ec2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: &id, SecurityGroupRuleIds: in}); err != nil {
			return err
		}
	}
	if len(eg) > 0 {
		if _, err := c.ec2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: &id, SecurityGroupRuleIds: eg}); err != nil {
			return err
		}
	}
	return nil
}
