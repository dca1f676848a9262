package main

import (
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
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

// initBudget is what package init may allocate before main runs: every
// command pays it in time, and it stays live for the whole run, so the GC
// policy multiplies it (docs/binary-size.md, "Package init does no work a
// run may not need"). 5.2 MB at stop 32; AWS SDK services with
// schema-based serialisation add 4.4 MB and 20 ms to every run.
const initBudget = 6 << 20

// TestPackageInitStaysInItsBudget sums the bytes every package's init
// allocates (GODEBUG=inittrace=1) and fails past initBudget, naming the
// largest, so that a dependency update that builds large tables at init
// is a decision rather than an accident.
func TestPackageInitStaysInItsBudget(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(trueupBin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("trueup version: %v\n%s", err, out)
	}
	type pkgInit struct {
		pkg   string
		bytes int
	}
	var inits []pkgInit
	total := 0
	for line := range strings.Lines(string(out)) {
		// init github.com/x/y @52 ms, 7.2 ms clock, 1431176 bytes, 7882 allocs
		f := strings.Fields(line)
		if len(f) < 9 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("unexpected inittrace line %q", line)
		}
		inits = append(inits, pkgInit{f[1], n})
		total += n
	}
	if len(inits) < 100 {
		t.Fatalf("only %d package inits traced: the trace format changed?\n%s", len(inits), out)
	}
	if total > initBudget {
		slices.SortFunc(inits, func(a, b pkgInit) int { return b.bytes - a.bytes })
		var top []string
		for _, in := range inits[:min(8, len(inits))] {
			top = append(top, fmt.Sprintf("%s %d", in.pkg, in.bytes))
		}
		t.Errorf("package init allocates %d bytes, over the budget of %d; the largest:\n%s", total, initBudget, strings.Join(top, "\n"))
	}
}
