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
# input.transfers: past transfers from the signed historical-transfer feed, the reference's
# HistoricalTransfer objects {amount (base units), token, from, to, resourceId?, initiatedBy,
# chainId, timestamp (unix ms), rates: {currency: price}}. The request itself is one more
# transfer made now (request_transfers: one per operation of a user operation); a limit applies
# to a request only when its transfers in the limit's scope are not none.
#
# params.timeWindow: {type?: "rolling" | "fixed", value? (seconds, rolling), period? ("1d" | "1m"
#   | "1y", fixed: since the start of the current UTC day / month / year), startDate?, endDate?
#   (unix seconds, inclusive, with any type)}. Time is the evaluation's clock (time.now_ns).
# params.filters: {tokens?, users?, resources?, destinations?, chains?, userGroups?,
#   accountGroups?, perPrincipal?}: a transfer is in scope when it matches every filter given.
# Absent, null and "*" members (the reference's wildcard) do not restrict.

now_ms := time.now_ns() / 1000000

# The value of member `key` of `obj` when it restricts (present, not null, not "*").
restricting(obj, key) := value if {
	value := obj[key]
	value != null
	value != "*"
}

# The request as transfer objects (undefined when the request has no intent): one, or, as in the
# reference, one per operation intent of a user operation.
request_transfers := [request_transfer(intent) | some intent in input.intent.operationIntents] if {
	input.intent.type == "userOperation"
}

request_transfers := [request_transfer(input.intent)] if input.intent.type != "userOperation"

request_transfer(intent) := {
	"amount": object.get(intent, "amount", "0"),
	"token": object.get(intent, "token", object.get(intent, "contract", null)),
	"from": object.get(intent, "from", null),
	"to": object.get(intent, "to", null),
	"resourceId": object.get(input, ["resource", "uid"], null),
	"initiatedBy": input.principal.userId,
	"chainId": request_chain,
	"timestamp": now_ms,
}

# The request's transfers in the limit's scope; a limit applies to a request only when some are.
request_transfers_in_scope(params) := [transfer |
	some transfer in request_transfers
	in_scope(params, transfer)
]

default request_chain := null

request_chain := request_chain_id

in_scope(params, transfer) if {
	not filtered_out(object.get(params, "filters", {}), transfer)
	not out_of_window(object.get(params, "timeWindow", {}), transfer)
}

filter_keys := ["tokens", "users", "resources", "destinations", "chains", "userGroups", "accountGroups"]

filtered_out(filters, transfer) if {
	some key in filter_keys
	values := restricting(filters, key)
	not filter_matches(key, values, transfer)
}

filtered_out(filters, transfer) if {
	filters.perPrincipal == true
	not lib.in_ci(transfer.initiatedBy, [input.principal.userId])
}

filter_matches("tokens", values, transfer) if lib.in_ci(transfer.token, values)

filter_matches("users", values, transfer) if lib.in_ci(transfer.initiatedBy, values)

filter_matches("resources", values, transfer) if {
	some account in transfer_accounts(transfer)
	lib.in_ci(account, values)
}

filter_matches("destinations", values, transfer) if lib.in_ci(transfer.to, values)

filter_matches("destinations", values, transfer) if {
	is_string(transfer.to)
	lib.in_ci(lib.caip_address(transfer.to), values)
}

filter_matches("chains", values, transfer) if lib.in_ci(transfer.chainId, values)

filter_matches("userGroups", values, transfer) if {
	some id in values
	lib.in_ci(transfer.initiatedBy, data.entities.groups[lower(id)].users)
}

filter_matches("accountGroups", values, transfer) if {
	some id in values
	some account in transfer_accounts(transfer)
	lib.in_ci(account, data.entities.groups[lower(id)].accounts)
}

# The accounts a transfer was made from: its resourceId, its CAIP-10 `from`, and the ids of the
# entity accounts whose address is that of `from` (the reference matches account groups by from).
transfer_accounts(transfer) := {lower(a) |
	some a in [object.get(transfer, "resourceId", null), object.get(transfer, "from", null)]
	is_string(a)
} | {id |
	is_string(transfer.from)
	some id, account in data.entities.accounts
	lower(account.address) == lib.caip_address(transfer.from)
}

out_of_window(window, transfer) if transfer.timestamp < restricting(window, "startDate") * 1000

out_of_window(window, transfer) if transfer.timestamp > restricting(window, "endDate") * 1000

out_of_window(window, transfer) if {
	window.type == "rolling"
	transfer.timestamp < now_ms - (restricting(window, "value") * 1000)
}

out_of_window(window, transfer) if {
	window.type == "fixed"
	transfer.timestamp < lib.period_start_ns(restricting(window, "period")) / 1000000
}

transfers_in_scope(params) := [transfer |
	some transfer in object.get(input, "transfers", [])
	in_scope(params, transfer)
]

# --- spending limit -----------------------------------------------------------------------------
# {limit, operator? (default "lte"), currency?, timeWindow?, filters?}: the amounts of the
# transfers in scope plus this request's, compared with the limit: in base units (no currency or
# "*"), or in a fiat currency ("fiat:usd") at each past transfer's own rate (rates[currency]) and
# at the price feed's price for the request, scaled by the token's decimals. When the total is
# unknown (no transfer history, or a value missing) it is taken as unbounded: "gt"/"gte" hold and
# "lt"/"lte"/"eq"/"ne" do not, so a limit is never passed by leaving out the history or a rate.

fiat_currency(currency) if {
	is_string(currency)
	currency != "*"
}

rate_of(rates, currency) := to_number(rates[currency])

rate_of(rates, currency) := to_number(rates[lower(currency)]) if not rates[currency]

transfer_value(transfer, currency) := to_number(transfer.amount) if not fiat_currency(currency)

transfer_value(transfer, currency) := lib.to_fiat(transfer.amount, transfer.token, rate_of(transfer.rates, currency)) if {
	fiat_currency(currency)
}

request_value(transfer, currency) := to_number(transfer.amount) if not fiat_currency(currency)

request_value(transfer, currency) := lib.to_fiat(transfer.amount, transfer.token, rate_of(input.prices[lower(transfer.token)], currency)) if {
	fiat_currency(currency)
	is_string(transfer.token)
}

# The total is unknown when the request carries no historical-transfer feed (input.transfers is
# then absent: the history was not supplied, which must not read as "nothing spent yet") or when
# a counted transfer, or the request, has no value in the currency.
unknown_total(_, _, _) if not history_known

unknown_total(currency, requested, _) if {
	fiat_currency(currency)
	some transfer in requested
	not request_value(transfer, currency)
}

unknown_total(currency, _, past) if {
	fiat_currency(currency)
	some transfer in past
	not transfer_value(transfer, currency)
}

history_known if is_array(input.transfers)

# The transfers in scope are computed once per criterion call: feeds may be long.
checkSpendingLimit(params) if {
	requested := request_transfers_in_scope(params)
	count(requested) > 0
	spending_holds(params, object.get(params, "currency", null), requested, transfers_in_scope(params))
}

spending_holds(params, currency, requested, past) if {
	not unknown_total(currency, requested, past)
	spent := sum([transfer_value(t, currency) | some t in past])
	asked := sum([request_value(t, currency) | some t in requested])
	lib.compare(spending_operator(params), spent + asked, to_number(params.limit))
}

spending_holds(params, currency, requested, past) if {
	unknown_total(currency, requested, past)
	spending_operator(params) in {"gt", "gte"}
}

spending_operator(params) := op if {
	op := restricting(params, "operator")
} else := "lte"

# --- rate limit ---------------------------------------------------------------------------------
# {limit (maxTransfers, custos's earlier name, is accepted), timeWindow?, filters?}: the transfers
# in scope, this request's included, number at most `limit` (the reference's count <= limit).
# Without a transfer history the count is unknown and the criterion does not hold.

rate_limit(params) := to_number(params.limit)

rate_limit(params) := to_number(params.maxTransfers) if not params.limit

checkRateLimit(params) if {
	history_known
	requested := count(request_transfers_in_scope(params))
	requested > 0
	count(transfers_in_scope(params)) + requested <= rate_limit(params)
}
