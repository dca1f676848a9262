package main

import (
	"debug/elf"
	"os/exec"
	"strings"
	"testing"
)

// The binary built as `make build` builds it links only the methods trueup
// can call: an EC2 operation it never calls is not in it. It would be if
// anything reachable looked methods up by a name known only at run time
// (executing a text/template, gRPC without grpcnotrace): that keeps every
// exported method and doubles the binary (docs/binary-size.md).
func TestBinaryDropsMethodsNothingCalls(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "tool", "nm", trueupBin).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	syms := string(out)
	if !strings.Contains(syms, "github.com/aws/aws-sdk-go-v2/service/ec2.") {
		t.Fatal("no EC2 client symbols at all: the check below would prove nothing")
	}
	for _, unused := range []string{"ec2.(*Client).AcceptAddressTransfer", "golang.org/x/net/trace.Traces"} {
		if strings.Contains(syms, unused) {
			t.Errorf("the binary links %s, which nothing calls: see docs/binary-size.md to find what keeps every method", unused)
		}
	}
}

// The binary built as `make build` builds it is static (CGO_ENABLED=0, as
// Terraform's releases are): no ELF interpreter, so a run starts without
// the dynamic loader, libc's start-up and cgo's thread creation
// (docs/binary-size.md).
func TestBinaryIsStatic(t *testing.T) {
	t.Parallel()
	f, err := elf.Open(trueupBin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Section(".text") == nil {
		t.Fatal("no .text section: not the binary the check means")
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary has a %v program header: it is linked dynamically (built with cgo); make build and trueupbin set CGO_ENABLED=0", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v", libs)
	}
}
