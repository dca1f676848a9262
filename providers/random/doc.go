// Package random is trueup's built-in "random" provider: random values that
// live only in state, with the resource and attribute names of Terraform's
// hashicorp/random provider (random_id, random_string, random_password,
// random_integer, random_pet, random_uuid, random_uuid4, random_uuid7,
// random_shuffle, random_bytes), and its ephemeral random_password, which
// is generated each time it is opened and never stored.
//
// Every configurable attribute forces replacement (a change to keepers makes
// a new value); results are unknown in a create plan, generated at apply
// with crypto/rand, and kept unchanged by a no-op plan. The one exception to
// crypto/rand is random_integer with a seed, which must be reproducible: it
// uses math/rand seeded from the seed's CRC-64, as Terraform does.
//
// It imports the schema package, the providers' shared kit, go-cty,
// golang.org/x/crypto/bcrypt, github.com/google/uuid and the standard
// library. It must never import anything under engine/.
package random
