package bad

import rego.v1

deny contains msg if {
	msg := undefined_function(input)
}
