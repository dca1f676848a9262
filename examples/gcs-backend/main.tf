# A stack whose state lives in Google Cloud Storage at PREFIX/default.tfstate,
# locked with PREFIX/default.tflock written with a does-not-exist
# precondition. Run it against `trueup sandbox` (STORAGE_EMULATOR_HOST) or a
# real bucket (Application Default Credentials).

terraform {
  backend "gcs" {
    bucket = "tfstate"
    prefix = "examples/gcs-backend"
  }
}

resource "random_pet" "name" {
  length = 3
}

resource "null_resource" "release" {
  triggers = {
    name = random_pet.name.id
  }
}

output "name" {
  value = random_pet.name.id
}
