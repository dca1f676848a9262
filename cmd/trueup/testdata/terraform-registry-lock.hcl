# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "HOST/acme/thing" {
  version     = "1.0.1"
  constraints = "~> 1.0"
  hashes = [
    "h1:8/ujcFEvk0IREXMKPYY/8gt6wr3XgDhQtNazTbsRzg8=",
    "zh:172cc1f8f319d696a8da21f79f065b61d92133aa7de39cca330d7f49f318682f",
    "zh:a848ec06bbfa9d730c2af307c7f33e15535c86fe417619cfdbddad57d21955d6",
  ]
}
