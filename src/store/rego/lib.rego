# custos criteria library: shared helpers. Written for custos (not derived from the reference's
# source); semantics follow the reference's documented criteria.
package custos.lib

import rego.v1

# Lower-cased set of the strings in `values` (numbers are rendered as strings).
lower_set(values) := {lower(as_string(v)) | some v in values}

as_string(v) := v if is_string(v)

as_string(v) := format_int(v, 10) if is_number(v)

# `value` (string or number) is in `values`, compared case-insensitively.
in_ci(value, values) if lower(as_string(value)) in lower_set(values)

# The reference's value operators.
compare("eq", a, b) if a == b

compare("ne", a, b) if a != b

compare("gt", a, b) if a > b

compare("gte", a, b) if a >= b

compare("lt", a, b) if a < b

compare("lte", a, b) if a <= b

# Parts of a lower-case CAIP-10 account id "eip155:<chainId>:<address>".
caip_chain(id) := split(lower(id), ":")[1]

caip_address(id) := split(lower(id), ":")[2]

# 10^decimals, exactly.
pow10(decimals) := to_number(sprintf("1e%d", [decimals]))

# Decimals of an asset (CAIP-19): from the token entities, 18 for native assets and unknown ones.
asset_decimals(asset) := d if {
	some token in data.entities.tokens
	lower(token.id) == lower(asset)
	d := token.decimals
}

asset_decimals(asset) := 18 if {
	not token_known(asset)
}

token_known(asset) if {
	some token in data.entities.tokens
	lower(token.id) == lower(asset)
}

# The asset an amount of `intent` is denominated in.
intent_asset(intent) := intent.token if intent.token

# Converts an amount in base units of `asset` to `currency` with `price` (units of currency per
# whole asset).
to_fiat(amount, asset, price) := (to_number(amount) * to_number(price)) / pow10(asset_decimals(asset))

# Start of the current UTC day / month / year, in nanoseconds.
period_start_ns("1d") := time.parse_rfc3339_ns(sprintf("%04d-%02d-%02dT00:00:00Z", time.date(time.now_ns())))

period_start_ns("1m") := time.parse_rfc3339_ns(sprintf("%04d-%02d-01T00:00:00Z", array.slice(time.date(time.now_ns()), 0, 2)))

period_start_ns("1y") := time.parse_rfc3339_ns(sprintf("%04d-01-01T00:00:00Z", array.slice(time.date(time.now_ns()), 0, 1)))
