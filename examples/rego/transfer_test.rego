package custos.transfer_test

import rego.v1

import data.custos.transfer

base := {
	"principal": "alice",
	"request": {"account": "acct-1", "amount": "1000"},
	"approvals": [],
}

test_small_transfer_permitted if {
	transfer.decision == "permit" with input as base
}

test_viewer_forbidden if {
	transfer.decision == "forbid" with input as object.union(base, {"principal": "bob"})
}

test_large_transfer_needs_approvals if {
	big := object.union(base, {"request": {"account": "acct-1", "amount": "2000000000000000000000"}})
	transfer.decision == "confirm" with input as big
}

test_large_transfer_approved if {
	big := object.union(base, {
		"request": {"account": "acct-1", "amount": "2000000000000000000000"},
		"approvals": ["carol", "dave"],
	})
	transfer.decision == "permit" with input as big
}

test_over_limit_reason if {
	over := object.union(base, {"request": {"account": "acct-1", "amount": "5000000000000000000001"}})
	reasons := transfer.reasons with input as over
	reasons == {"amount 5000000000000000000001 exceeds limit 5000000000000000000000"}
}
