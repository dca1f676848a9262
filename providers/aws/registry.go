package aws

// resourceTypes is every managed resource type the provider serves.
func resourceTypes() map[string]*resourceType {
	return map[string]*resourceType{
		"aws_s3_bucket": s3BucketResource(),
	}
}

// dataSourceTypes is every data source type the provider serves.
func dataSourceTypes() map[string]*dataSourceType {
	return map[string]*dataSourceType{
		"aws_caller_identity": callerIdentityData(),
		"aws_region":          regionData(),
	}
}
