package s3

import (
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// protection is how every object the backend writes (the state, its
// backup, journal and lock objects) is encrypted and shared, as
// Terraform's s3 backend writes them: with encrypt, SSE-KMS under
// kms_key_id when it is set, with SSE-C under sse_customer_key when that
// is set (the client adds it to every object call: withCustomerKey),
// else SSE-S3 (AES256); and acl's canned ACL when it is set.
func (b *Backend) protection() (sse types.ServerSideEncryption, kmsKeyID *string, acl types.ObjectCannedACL) {
	if b.cfg.Encrypt && b.cfg.SSECustomerKey == nil { // SSE-C: withCustomerKey
		sse = types.ServerSideEncryptionAes256
		if b.cfg.KMSKeyID != "" {
			sse, kmsKeyID = types.ServerSideEncryptionAwsKms, &b.cfg.KMSKeyID
		}
	}
	return sse, kmsKeyID, types.ObjectCannedACL(b.cfg.ACL)
}
