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

func ec2Tags(tags map[string]string) []ec2types.Tag {
	out := make([]ec2types.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, ec2types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func fromEC2Tags(tags []ec2types.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// ec2TagSpec tags an object as it is created, or nothing when tags is empty.
func ec2TagSpec(rt ec2types.ResourceType, tags map[string]string) []ec2types.TagSpecification {
	if len(tags) == 0 {
		return nil
	}
	return []ec2types.TagSpecification{{ResourceType: rt, Tags: ec2Tags(tags)}}
}

// updateEC2Tags applies a tags_all change to an EC2 object.
func updateEC2Tags(ctx context.Context, c *client, id string, prior, planned cty.Value) schema.Diagnostics {
	if !tagsChanged(prior, planned) {
		return nil
	}
	set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), kit.Obj(planned).StrMap("tags_all"))
	if len(removed) > 0 {
		var keys []ec2types.Tag
		for _, k := range removed {
			keys = append(keys, ec2types.Tag{Key: aws.String(k)})
		}
		if _, err := c.ec2.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: keys}); err != nil {
			return apiDiag(err, attrPath("tags"), "Cannot untag "+id)
		}
	}
	if len(set) > 0 {
		if _, err := c.ec2.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: ec2Tags(set)}); err != nil {
			return apiDiag(err, attrPath("tags"), "Cannot tag "+id)
		}
	}
	return nil
}

// deleteRetryingDependencies calls del until it stops failing with
// DependencyViolation (dependents still going away) or time runs out.
func deleteRetryingDependencies(ctx context.Context, what string, del func() error, gone ...string) error {
	return waitFor(ctx, 5*time.Minute, what+" to be deletable", func() (bool, error) {
		err := del()
		switch {
		case err == nil || isNotFound(err, gone...):
			return true, nil
		case hasCode(err, "DependencyViolation"):
			return false, nil
		}
		return false, err
	})
}

// ec2ARN is the ARN of an EC2 object owned by account owner.
func (c *client) ec2ARN(owner, kind, id string) string {
	return "arn:" + c.partition + ":ec2:" + c.region + ":" + owner + ":" + kind + "/" + id
}

func filter(name string, values ...string) ec2types.Filter {
	return ec2types.Filter{Name: aws.String(name), Values: values}
}
