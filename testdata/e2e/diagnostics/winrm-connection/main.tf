resource "terraform_data" "windows" {
  input = "w"

  connection {
    type     = "winrm" # ERROR: winrm connections are not supported -- trueup provisions over SSH only
    host     = "10.0.0.5"
    user     = "Administrator"
    password = "not-a-secret"
  }

  provisioner "remote-exec" {
    inline = ["ipconfig"]
  }
}
