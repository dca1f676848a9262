// Package s3 is the "s3" state backend: a stack's state is one object in
// an S3 bucket, configured like Terraform's S3 backend.
//
// Every state write is conditional on the object's ETag as last read
// (If-Match), or on its absence (If-None-Match: *), so a stale writer
// fails with state.ErrStale instead of overwriting newer state. The lock
// is an object KEY.tflock created with If-None-Match: *, and/or an item in
// a DynamoDB table created with a conditional PutItem; a lock whose lease
// expired is taken over by a conditional overwrite of exactly the expired
// lock. History is the bucket's object versions when versioning is on,
// else a KEY.backup object copied before each write. docs/remote-state.md
// describes the rules and what the emulators can and cannot show.
//
// It imports the state vocabulary, the schema package (to declare its
// configuration block) and the AWS SDK only: never the planner, the
// executor, the CLI or a provider.
package s3
