package funcs

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestCIDRFunctions(t *testing.T) {
	runCases(t, t.TempDir(), nil, []evalCase{
		{"cidrsubnet extends a prefix", `cidrsubnet("10.1.0.0/16", 8, 2)`, cty.StringVal("10.1.2.0/24"), ""},
		{"cidrsubnet by 4 bits", `cidrsubnet("172.16.0.0/12", 4, 15)`, cty.StringVal("172.31.0.0/16"), ""},
		{"cidrsubnet in IPv6", `cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)`, cty.StringVal("fd00:fd12:3456:7800:a200::/72"), ""},
		{"cidrsubnet with a netnum out of range fails", `cidrsubnet("10.0.0.0/16", 8, 256)`, cty.NilVal, "prefix extension of 8 does not accommodate a subnet numbered 256"},
		{"cidrsubnet with a negative netnum fails", `cidrsubnet("10.0.0.0/16", 8, -1)`, cty.NilVal, "does not accommodate a subnet numbered -1"},
		{"cidrsubnet past the address length fails", `cidrsubnet("10.0.0.0/30", 8, 0)`, cty.NilVal, "insufficient address space to extend prefix of 30 by 8"},
		{"cidrsubnet of a bad prefix fails", `cidrsubnet("10.0.0.0", 8, 0)`, cty.NilVal, "invalid CIDR expression"},
		{"cidrhost numbers a host", `cidrhost("10.12.112.0/20", 16)`, cty.StringVal("10.12.112.16"), ""},
		{"cidrhost counts back from the end", `cidrhost("10.12.112.0/20", -2)`, cty.StringVal("10.12.127.254"), ""},
		{"cidrhost out of range fails", `cidrhost("10.0.0.0/30", 4)`, cty.NilVal, "prefix of 30 does not accommodate a host numbered 4"},
		{"cidrnetmask", `cidrnetmask("172.16.0.0/12")`, cty.StringVal("255.240.0.0"), ""},
		{"cidrnetmask of IPv6 fails", `cidrnetmask("fd00::/8")`, cty.NilVal, "IPv6 addresses cannot have a netmask"},
		{"cidrsubnets allocates consecutive subnets of several sizes",
			`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`,
			cty.ListVal(strs("10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20")), ""},
		{"cidrsubnets of no sizes is empty", `cidrsubnets("10.1.0.0/16")`, cty.ListValEmpty(cty.String), ""},
		{"cidrsubnets beyond the prefix fails", `cidrsubnets("10.0.0.0/30", 1, 1, 1)`, cty.NilVal, "not enough remaining address space"},
		{"cidrsubnets longer than the address fails", `cidrsubnets("10.0.0.0/30", 3)`, cty.NilVal, "would extend prefix to 33 bits, which is too long for an IPv4 address"},
		{"cidrsubnets by zero bits fails", `cidrsubnets("10.0.0.0/8", 0)`, cty.NilVal, "must extend prefix by at least one bit"},
	})
}
