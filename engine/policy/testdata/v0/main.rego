package main

deny[msg] {
	rc := input.resource_changes[_]
	rc.type == "null_resource"
	msg := sprintf("%s: null resources are not allowed", [rc.address])
}
