# custos criteria library: intent criteria (what the request does).
package custos.criteria

import rego.v1

import data.custos.lib

checkIntentType(values) if input.intent.type in values

# The chain of the request: the transaction's chainId, else the chain of the intent's source.
request_chain_id := lib.as_string(input.transactionRequest.chainId)

request_chain_id := lib.caip_chain(input.intent.from) if not input.transactionRequest.chainId

checkIntentChainId(values) if request_chain_id in lib.lower_set(values)

checkIntentContract(values) if lib.in_ci(input.intent.contract, values)

checkIntentToken(values) if lib.in_ci(input.intent.token, values)

checkIntentSpender(values) if lib.in_ci(input.intent.spender, values)

checkIntentHexSignature(values) if lib.in_ci(input.intent.hexSignature, values)

checkIntentAlgorithm(values) if input.intent.algorithm in values

# {operator: "equals" | "contains", value}
text_matches("equals", text, value) if text == value

text_matches("contains", text, value) if contains(text, value)

checkIntentMessage(condition) if text_matches(condition.operator, input.intent.message, condition.value)

checkIntentPayload(condition) if text_matches(condition.operator, input.intent.payload, condition.value)

# {version?: [...], chainId?: [...], name?: [...], verifyingContract?: [...]}: every given member
# of the EIP-712 domain must be one of its values.
checkIntentDomain(condition) if {
	every key, values in condition {
		lib.in_ci(input.intent.domain[key], values)
	}
}

# [[{key, value}, ...], ...]: some group whose every condition holds on the typed-data message.
checkIntentTypedDataMessage(groups) if {
	some group in groups
	every condition in group {
		lib.as_string(input.typedData.message[condition.key]) == lib.as_string(condition.value)
	}
}

# {currency?: "*" | "fiat:usd" | …, operator, value}: the intent's amount in base units, or its
# value in a fiat currency from the request's price feed (prices[asset][currency]).
checkIntentAmount(condition) if lib.compare(condition.operator, intent_amount(object.get(condition, "currency", "*")), to_number(condition.value))

# The intent's amount in `currency`: base units for "*" (and a null currency), else its value in
# that fiat currency. One definition per currency form, so that policies comparing the same
# amount share one memoised conversion.
intent_amount("*") := to_number(input.intent.amount)

intent_amount(null) := to_number(input.intent.amount)

intent_amount(currency) := lib.to_fiat(input.intent.amount, asset, input.prices[lower(asset)][currency]) if {
	is_string(currency)
	currency != "*"
	asset := input.intent.token
}

# {operator, value}: the permit's deadline (seconds or milliseconds, as signed).
checkPermitDeadline(condition) if lib.compare(condition.operator, to_number(input.intent.deadline), to_number(condition.value))

checkErc1155TokenId(values) if {
	some transfer in input.intent.transfers
	lib.in_ci(transfer.token, values)
}

# [{tokenId, operator, value}]: every transferred token has a condition, and every condition on
# it holds.
checkErc1155Transfers(conditions) if {
	every transfer in input.intent.transfers {
		some condition in conditions
		lower(condition.tokenId) == lower(transfer.token)
		every c in conditions {
			erc1155_condition_holds(c, transfer)
		}
	}
}

erc1155_condition_holds(c, transfer) if lower(c.tokenId) != lower(transfer.token)

erc1155_condition_holds(c, transfer) if {
	lower(c.tokenId) == lower(transfer.token)
	lib.compare(c.operator, to_number(transfer.amount), to_number(c.value))
}

# [{type, contract?, token?, to?}]: every operation of the user operation matches one entry
# (custos definition: each entry is a template over the operation intent's members).
checkUserOperationIntents(templates) if {
	count(input.intent.operationIntents) > 0
	every operation in input.intent.operationIntents {
		some template in templates
		operation_matches(operation, template)
	}
}

operation_matches(operation, template) if {
	every key, value in template {
		lib.as_string(value) == lib.as_string(operation[key])
	}
}

# {currency?, operator, value}: the transaction's maximum fee (gas × max fee per gas) in wei, or in
# a fiat currency with the native asset's price. input.gasFee is set by the engine.
checkGasFeeAmount(condition) if lib.compare(condition.operator, gas_fee_amount(object.get(condition, "currency", "*")), to_number(condition.value))

gas_fee_amount("*") := to_number(input.gasFee.amount)

gas_fee_amount(null) := to_number(input.gasFee.amount)

gas_fee_amount(currency) := lib.to_fiat(input.gasFee.amount, input.gasFee.asset, input.prices[lower(input.gasFee.asset)][currency]) if {
	is_string(currency)
	currency != "*"
}
