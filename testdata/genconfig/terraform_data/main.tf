# An import block whose target has no resource block: plan
# -generate-config-out writes one. terraform-generated.tf.golden is the
# file Terraform 1.11 wrote for it.
import {
  to = terraform_data.gen
  id = "adopted-x"
}
