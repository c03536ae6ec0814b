# custos criteria library: action, resource, permission, principal and account criteria.
# Every criterion is a function of its arguments, which come from data (never from source text).
package custos.criteria

import rego.v1

import data.custos.lib

principal_user := data.entities.users[lower(input.principal.userId)]

resource_account := data.entities.accounts[lower(input.resource.uid)]

# Groups (ids, lower case) that contain the principal / the resource account.
principal_groups contains lower(group.id) if {
	some group in data.entities.groups
	lib.in_ci(input.principal.userId, group.users)
}

account_groups contains lower(group.id) if {
	some group in data.entities.groups
	lib.in_ci(input.resource.uid, group.accounts)
}

checkAction(values) if input.action in values

checkResource(values) if lib.in_ci(input.resource.uid, values)

# Every requested permission is among `values`.
checkPermission(values) if {
	count(input.permissions) > 0
	every permission in input.permissions {
		permission in values
	}
}

checkPrincipalId(values) if lib.in_ci(input.principal.userId, values)

checkPrincipalRole(values) if principal_user.role in values

checkPrincipalGroup(values) if {
	some group in principal_groups
	group in lib.lower_set(values)
}

checkAccountId(values) if lib.in_ci(input.resource.uid, values)

checkAccountAddress(values) if lib.in_ci(resource_account.address, values)

checkAccountType(values) if resource_account.accountType in values

checkAccountChainId(values) if lib.in_ci(resource_account.chainId, values)

checkAccountGroup(values) if {
	some group in account_groups
	group in lib.lower_set(values)
}

checkAccountAssigned(_) if lib.in_ci(input.principal.userId, resource_account.assignees)

# --- source and destination of the intent ---------------------------------------------------------

# The organisation's account with the address of CAIP-10 `id` (and its chain, when the account
# names one).
chain_account(id) := account if {
	some account in data.entities.accounts
	lower(account.address) == lib.caip_address(id)
	chain_matches(account, id)
}

chain_matches(account, _) if not account.chainId

chain_matches(account, id) if lib.as_string(account.chainId) == lib.caip_chain(id)

classification(id) := data.entities.addressBook[lower(id)].classification

checkSourceId(values) if lib.in_ci(input.intent.from, values)

checkSourceAddress(values) if lib.in_ci(lib.caip_address(input.intent.from), values)

checkSourceAccountType(values) if chain_account(input.intent.from).accountType in values

checkSourceClassification(values) if classification(input.intent.from) in values

checkDestinationId(values) if lib.in_ci(input.intent.to, values)

checkDestinationAddress(values) if lib.in_ci(lib.caip_address(input.intent.to), values)

checkDestinationAccountType(values) if chain_account(input.intent.to).accountType in values

checkDestinationClassification(values) if classification(input.intent.to) in values

# --- ERC-4337 entry point -------------------------------------------------------------------------

checkEntryPointId(values) if lib.in_ci(input.intent.entrypoint, values)

checkEntryPointAddress(values) if lib.in_ci(lib.caip_address(input.intent.entrypoint), values)

checkEntryPointChainId(values) if lib.in_ci(lib.caip_chain(input.intent.entrypoint), values)

checkEntryPointClassification(values) if classification(input.intent.entrypoint) in values

# --- transaction request ----------------------------------------------------------------------------

checkNonceExists(_) if input.transactionRequest.nonce != null

checkNonceNotExists(_) if not nonce_present

nonce_present if input.transactionRequest.nonce != null
