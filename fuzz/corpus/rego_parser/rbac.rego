package rbac

import rego.v1

default allow := false

allow if {
	some role in data.bindings[input.user]
	input.action in data.roles[role].actions
}
