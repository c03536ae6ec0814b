# custos criteria library: approvals, spending limits and rate limits.
package custos.criteria

import rego.v1

import data.custos.lib

# --- approvals ----------------------------------------------------------------------------------
# input.approvals: the verified credentials {id, userId} that signed the request (the principal's
# first). A requirement is {approvalCount, countPrincipal, approvalEntityType, entityIds}.

approvers := {lower(approval.userId) | some approval in input.approvals}

candidate_users(requirement) := {lower(id) | some id in requirement.entityIds} if {
	requirement.approvalEntityType == "Narval::User"
}

candidate_users(requirement) := {lower(user) |
	some id in requirement.entityIds
	some user in data.entities.groups[lower(id)].users
} if {
	requirement.approvalEntityType in {"Narval::UserGroup", "Narval::Group"}
}

candidate_users(requirement) := {lower(user.id) |
	some user in data.entities.users
	user.role in requirement.entityIds
} if {
	requirement.approvalEntityType == "Narval::UserRole"
}

counted_users(requirement) := candidate_users(requirement) if requirement.countPrincipal == true

counted_users(requirement) := candidate_users(requirement) - {lower(input.principal.userId)} if {
	requirement.countPrincipal != true
}

approval_count(requirement) := count(counted_users(requirement) & approvers)

checkApprovals(requirements) := {
	"approvalsSatisfied": [r | some r in requirements; approval_count(r) >= r.approvalCount],
	"approvalsMissing": [r | some r in requirements; approval_count(r) < r.approvalCount],
}

# --- transfers in scope -------------------------------------------------------------------------
# input.transfers: past transfers from the node's own ledger, each {amount, token, from, to,
# resourceId, initiatedBy, chainId, timestamp (ms), rates: {currency: price}}.
# filters: {tokens?, users?, resources?, chains?, userGroups?, accountGroups?, perPrincipal?}

now_ms := time.now_ns() / 1000000

window_start_ms(window) := now_ms - (window.value * 1000) if window.type == "rolling"

window_start_ms(window) := lib.period_start_ns(window.period) / 1000000 if window.type == "fixed"

window_start_ms(null) := 0

in_window(transfer, window) if transfer.timestamp >= window_start_ms(window)

# The request itself must be in the filter's scope...
request_in_scope(filters) if {
	not filter_fails(filters, input.intent.token, lower(input.principal.userId), input.resource.uid, request_chain_id)
}

# ...and so must each counted transfer.
transfer_in_scope(filters, transfer) if {
	not filter_fails(filters, transfer.token, lower(transfer.initiatedBy), transfer.resourceId, lib.as_string(transfer.chainId))
	not per_principal_excludes(filters, transfer)
}

filter_fails(filters, token, _, _, _) if {
	filters.tokens
	not lib.in_ci(token, filters.tokens)
}

filter_fails(filters, _, user, _, _) if {
	filters.users
	not lib.in_ci(user, filters.users)
}

filter_fails(filters, _, _, resource, _) if {
	filters.resources
	not lib.in_ci(resource, filters.resources)
}

filter_fails(filters, _, _, _, chain) if {
	filters.chains
	not lib.in_ci(chain, filters.chains)
}

filter_fails(filters, _, user, _, _) if {
	filters.userGroups
	not user_in_groups(user, filters.userGroups)
}

filter_fails(filters, _, _, resource, _) if {
	filters.accountGroups
	not account_in_groups(resource, filters.accountGroups)
}

user_in_groups(user, groups) if {
	some id in groups
	lib.in_ci(user, data.entities.groups[lower(id)].users)
}

account_in_groups(account, groups) if {
	some id in groups
	lib.in_ci(account, data.entities.groups[lower(id)].accounts)
}

per_principal_excludes(filters, transfer) if {
	filters.perPrincipal == true
	lower(transfer.initiatedBy) != lower(input.principal.userId)
}

transfers_in_scope(params) := [transfer |
	some transfer in object.get(input, "transfers", [])
	in_window(transfer, object.get(params, "timeWindow", null))
	transfer_in_scope(object.get(params, "filters", {}), transfer)
]

# --- spending limit -----------------------------------------------------------------------------
# {limit, operator? (default "lte"), currency?, timeWindow?, filters?}: spent in scope + this
# request's amount compared with the limit, in base units or in the currency.

transfer_value(transfer, currency) := to_number(transfer.amount) if not fiat_currency(currency)

transfer_value(transfer, currency) := lib.to_fiat(transfer.amount, transfer.token, transfer.rates[currency]) if {
	fiat_currency(currency)
}

request_value(currency) := to_number(input.intent.amount) if not fiat_currency(currency)

request_value(currency) := lib.to_fiat(input.intent.amount, input.intent.token, input.prices[lower(input.intent.token)][currency]) if {
	fiat_currency(currency)
}

fiat_currency(currency) if {
	is_string(currency)
	currency != "*"
}

checkSpendingLimit(params) if {
	request_in_scope(object.get(params, "filters", {}))
	currency := object.get(params, "currency", null)
	spent := sum([transfer_value(t, currency) | some t in transfers_in_scope(params)])
	total := spent + request_value(currency)
	lib.compare(object.get(params, "operator", "lte"), total, to_number(params.limit))
}

# --- rate limit ---------------------------------------------------------------------------------
# {maxTransfers, timeWindow?, filters?}: fewer than maxTransfers transfers in scope so far.

checkRateLimit(params) if {
	request_in_scope(object.get(params, "filters", {}))
	count(transfers_in_scope(params)) < params.maxTransfers
}
