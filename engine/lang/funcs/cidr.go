package funcs

import (
	"math/big"
	"net"

	"github.com/apparentlymart/go-cidr/cidr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/gocty"
)

func cidrFuncs() map[string]function.Function {
	return map[string]function.Function{
		"cidrhost":    CidrHostFunc,
		"cidrnetmask": CidrNetmaskFunc,
		"cidrsubnet":  CidrSubnetFunc,
		"cidrsubnets": CidrSubnetsFunc,
	}
}

// parseCIDR parses a prefix such as "10.0.0.0/16".
func parseCIDR(s string) (*net.IPNet, error) {
	_, network, err := net.ParseCIDR(s)
	if err != nil {
		return nil, function.NewArgErrorf(0, "invalid CIDR expression: %s", err)
	}
	return network, nil
}

func bigArg(args []cty.Value, i int) (*big.Int, error) {
	var n *big.Int
	if err := gocty.FromCtyValue(args[i], &n); err != nil {
		return nil, function.NewArgError(i, err)
	}
	return n, nil
}

// CidrHostFunc is cidrhost(prefix, hostnum): the address numbered hostnum
// within prefix; a negative hostnum counts back from the last address.
var CidrHostFunc = function.New(&function.Spec{
	Description: "Returns the address with a given host number within a CIDR prefix.",
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "hostnum", Type: cty.Number},
	},
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		num, err := bigArg(args, 1)
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		ip, err := cidr.HostBig(network, num)
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(1, err)
		}
		return cty.StringVal(ip.String()), nil
	},
})

// CidrNetmaskFunc is cidrnetmask(prefix): the dotted netmask of an IPv4
// prefix ("10.0.0.0/16" → "255.255.0.0").
var CidrNetmaskFunc = function.New(&function.Spec{
	Description:  "Returns the netmask of an IPv4 CIDR prefix.",
	Params:       stringParams("prefix"),
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		if network.IP.To4() == nil {
			return cty.UnknownVal(cty.String), function.NewArgErrorf(0, "IPv6 addresses cannot have a netmask: %s", args[0].AsString())
		}
		return cty.StringVal(net.IP(network.Mask).String()), nil
	},
})

// CidrSubnetFunc is cidrsubnet(prefix, newbits, netnum): the subnet of
// prefix extended by newbits bits, numbered netnum ("10.0.0.0/16", 8, 2 →
// "10.0.2.0/24").
var CidrSubnetFunc = function.New(&function.Spec{
	Description: "Returns a subnet of a CIDR prefix.",
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "newbits", Type: cty.Number},
		{Name: "netnum", Type: cty.Number},
	},
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		var newbits int
		if err := gocty.FromCtyValue(args[1], &newbits); err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(1, err)
		}
		num, err := bigArg(args, 2)
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		prefixLen, addrLen := network.Mask.Size()
		switch {
		case newbits < 0:
			return cty.UnknownVal(cty.String), function.NewArgErrorf(1, "must not be negative")
		case prefixLen+newbits > addrLen:
			return cty.UnknownVal(cty.String), function.NewArgErrorf(1, "insufficient address space to extend prefix of %d by %d", prefixLen, newbits)
		case num.Sign() < 0 || num.BitLen() > newbits:
			return cty.UnknownVal(cty.String), function.NewArgErrorf(2, "prefix extension of %d does not accommodate a subnet numbered %s", newbits, num)
		}
		subnet, err := cidr.SubnetBig(network, newbits, num)
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(subnet.String()), nil
	},
})

// CidrSubnetsFunc is cidrsubnets(prefix, newbits...): consecutive subnets of
// prefix, each extended by its own number of bits, allocated in order and
// aligned as cidrsubnet would.
var CidrSubnetsFunc = function.New(&function.Spec{
	Description:  "Returns consecutive subnets of a CIDR prefix, each with its own size.",
	Params:       stringParams("prefix"),
	VarParam:     &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:         function.StaticReturnType(cty.List(cty.String)),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.List(cty.String)), err
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		out, err := allocateSubnets(network, args[1:])
		if err != nil {
			return cty.UnknownVal(cty.List(cty.String)), err
		}
		return cty.ListVal(out), nil
	},
})

func allocateSubnets(network *net.IPNet, newbits []cty.Value) ([]cty.Value, error) {
	start, addrLen := network.Mask.Size()
	out := make([]cty.Value, len(newbits))
	var current *net.IPNet
	for i, nb := range newbits {
		var n int
		if err := gocty.FromCtyValue(nb, &n); err != nil {
			return nil, function.NewArgError(i+1, err)
		}
		switch {
		case n < 1:
			return nil, function.NewArgErrorf(i+1, "must extend prefix by at least one bit")
		case n > 32:
			return nil, function.NewArgErrorf(i+1, "may not extend prefix by more than 32 bits")
		case start+n > addrLen:
			return nil, function.NewArgErrorf(i+1, "would extend prefix to %d bits, which is too long for an %s address", start+n, ipFamily(addrLen))
		}
		length := start + n
		if current == nil { // the first subnet starts at the prefix itself
			current = &net.IPNet{IP: network.IP, Mask: net.CIDRMask(length, addrLen)}
		} else {
			next, rollover := cidr.NextSubnet(current, length)
			if rollover || !network.Contains(next.IP) {
				return nil, function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", length, current)
			}
			current = next
		}
		out[i] = cty.StringVal(current.String())
	}
	return out, nil
}

func ipFamily(bits int) string {
	if bits == 32 {
		return "IPv4"
	}
	return "IPv6"
}
