# An example custos policy: who may send how much from which account.
# Amounts are uint256 wei strings turned into exact numbers (no float rounding).
package custos.transfer

import rego.v1

default decision := "forbid"

# Permit when every criterion holds; Confirm when only approvals are missing.
decision := "permit" if {
	allowed_user
	within_limit
	approved
}

decision := "confirm" if {
	allowed_user
	within_limit
	not approved
}

allowed_user if {
	some role in data.entities.users[input.principal].roles
	role in {"admin", "trader"}
}

amount := to_number(input.request.amount)

limit := to_number(data.limits[input.request.account])

within_limit if amount <= limit

approved if count(input.approvals) >= required_approvals

required_approvals := 2 if amount > 1000000000000000000000 # > 1000 ETH in wei

required_approvals := 0 if amount <= 1000000000000000000000

# Reasons, for auditing.
reasons contains "user not allowed" if not allowed_user

reasons contains sprintf("amount %v exceeds limit %v", [amount, limit]) if not within_limit
