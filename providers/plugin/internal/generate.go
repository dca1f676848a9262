// Package internal holds the gRPC stubs of the Terraform plugin protocols,
// generated from the tfplugin5.proto and tfplugin6.proto files that
// terraform-plugin-go ships (MPL-2.0, copied unchanged with their headers).
//
// To regenerate: install protoc (Debian package protobuf-compiler),
// protoc-gen-go at go.mod's google.golang.org/protobuf version and
// protoc-gen-go-grpc v1.6.1, then run go generate in this directory.
package internal

//go:generate protoc -I tfplugin5 --go_out=tfplugin5 --go_opt=paths=source_relative --go_opt=Mtfplugin5.proto=github.com/trueup/trueup/providers/plugin/internal/tfplugin5 --go-grpc_out=tfplugin5 --go-grpc_opt=paths=source_relative --go-grpc_opt=Mtfplugin5.proto=github.com/trueup/trueup/providers/plugin/internal/tfplugin5 tfplugin5.proto
//go:generate protoc -I tfplugin6 --go_out=tfplugin6 --go_opt=paths=source_relative --go_opt=Mtfplugin6.proto=github.com/trueup/trueup/providers/plugin/internal/tfplugin6 --go-grpc_out=tfplugin6 --go-grpc_opt=paths=source_relative --go-grpc_opt=Mtfplugin6.proto=github.com/trueup/trueup/providers/plugin/internal/tfplugin6 tfplugin6.proto
