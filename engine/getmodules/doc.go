// Package getmodules fetches module packages: it turns a remote package
// address (modsrc.Remote's Package: "git::https://…?ref=v1",
// "https://host/m.tar.gz", an address behind X-Terraform-Get) into a
// directory on disk, and speaks the module registry protocol (service
// discovery, versions, download location) for registry addresses.
//
// Git goes through engine/source (go-git, its clone cache and its
// authentication); archives (.tar.gz, .tgz, .tar.bz2, .tar, .zip, or any
// URL with ?archive=) are downloaded over HTTP(S), checked against
// ?checksum= when given, and extracted without letting any entry escape
// the destination. s3::, gcs:: and hg:: are recognised and reported as
// not supported.
//
// It does not walk module calls or write the manifest: that is
// modinstall's job. It imports modsrc, engine/source, go-hclog and the
// standard library; never the config loader, the planner or a provider.
// Its rules are in docs/modules-install.md.
package getmodules
