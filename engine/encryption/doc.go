// Package encryption encrypts state and saved plans at rest, configured as
// OpenTofu configures it: terraform { encryption { key_provider ...
// method ... state { ... } plan { ... } remote_state_data_sources { ... } } }
// in the configuration, merged with the TF_ENCRYPTION environment variable
// (HCL or JSON). What it writes is OpenTofu's encrypted format, a JSON
// envelope with "meta", "encrypted_data" and "encryption_version" (and,
// for state, "serial" and "lineage"), so that OpenTofu reads trueup's
// encrypted files and trueup reads OpenTofu's.
//
// Key providers: pbkdf2 (a passphrase) and aws_kms (AWS KMS data keys).
// Methods: aes_gcm and unencrypted (for migrating to and from
// encryption). A Target (state, plan, a remote state) implements
// state.Sealer: it encrypts with its method and decrypts with its method
// or any of its fallbacks, which is how keys are rotated.
//
// It imports hcl, cty, the AWS SDK's KMS client and engine/state's
// vocabulary only; it never imports the planner, the CLI or a provider.
// Key material and passphrases never appear in its errors.
package encryption
