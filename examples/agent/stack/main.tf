# The stack the GitOps demo keeps in git: a tiny "website" of HTML files,
# with its state in the sandbox's S3 bucket. The agent applies every change
# merged to main, and puts the files back when someone edits them by hand.

terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "website/terraform.tfstate"
    use_lockfile   = true
    use_path_style = true
  }
}

variable "site_dir" {
  type        = string
  description = "Where the site's files are written (outside the git checkout)."
}

variable "pages" {
  type = map(string)
  default = {
    index = "Welcome to the demo site"
  }
}

resource "random_pet" "release" {
  keepers = {
    pages = join(",", sort(keys(var.pages)))
  }
}

resource "local_file" "page" {
  for_each = var.pages

  filename        = "${var.site_dir}/${each.key}.html"
  content         = "<h1>${each.value}</h1>\n<p>release ${random_pet.release.id}</p>\n"
  file_permission = "0644"
}

output "pages" {
  value = sort([for p in local_file.page : p.filename])
}
