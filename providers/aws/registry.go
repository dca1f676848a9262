package aws

// resourceTypes is every managed resource type the provider serves.
func resourceTypes() map[string]*resourceType {
	return map[string]*resourceType{
		"aws_s3_bucket":                                      s3BucketResource(),
		"aws_s3_bucket_versioning":                           s3VersioningResource(),
		"aws_s3_bucket_policy":                               s3PolicyResource(),
		"aws_s3_bucket_public_access_block":                  s3PABResource(),
		"aws_s3_bucket_server_side_encryption_configuration": s3SSEResource(),
		"aws_s3_bucket_lifecycle_configuration":              s3LifecycleResource(),
		"aws_s3_object":                                      s3ObjectResource(),
		"aws_dynamodb_table":                                 dynamoTableResource(),
		"aws_sqs_queue":                                      sqsQueueResource(),
		"aws_sns_topic":                                      snsTopicResource(),
		"aws_sns_topic_subscription":                         snsSubscriptionResource(),
		"aws_iam_role":                                       iamRoleResource(),
		"aws_iam_policy":                                     iamPolicyResource(),
		"aws_iam_role_policy_attachment":                     iamRolePolicyAttachmentResource(),
		"aws_ssm_parameter":                                  ssmParameterResource(),
		"aws_cloudwatch_log_group":                           logGroupResource(),
		"aws_secretsmanager_secret":                          secretResource(),
		"aws_secretsmanager_secret_version":                  secretVersionResource(),
		"aws_kms_key":                                        kmsKeyResource(),
		"aws_kms_alias":                                      kmsAliasResource(),
		"aws_vpc":                                            vpcResource(),
		"aws_subnet":                                         subnetResource(),
		"aws_security_group":                                 securityGroupResource(),
		"aws_vpc_security_group_ingress_rule":                sgRuleResource(false),
		"aws_vpc_security_group_egress_rule":                 sgRuleResource(true),
		"aws_route53_zone":                                   route53ZoneResource(),
		"aws_route53_record":                                 route53RecordResource(),
	}
}

// dataSourceTypes is every data source type the provider serves.
func dataSourceTypes() map[string]*dataSourceType {
	return map[string]*dataSourceType{
		"aws_caller_identity":     callerIdentityData(),
		"aws_region":              regionData(),
		"aws_iam_policy_document": policyDocumentData(),
		"aws_s3_bucket":           s3BucketData(),
		"aws_availability_zones":  availabilityZonesData(),
		"aws_vpc":                 vpcData(),
	}
}
