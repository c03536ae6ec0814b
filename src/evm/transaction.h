#pragma once
// Ethereum transactions: legacy (with EIP-155 replay protection), EIP-2930 (type 1) and EIP-1559
// (type 2): parsing from the reference's TransactionRequest JSON, signing hash, signing,
// serialization of the signed transaction, decoding of raw transactions and sender recovery.

#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/secret.h"
#include "evm/address.h"
#include "evm/keccak.h"
#include "evm/uint256.h"
#include "json/value.h"

namespace custos::evm {

enum class TxType : std::uint8_t { kLegacy = 0, kEip2930 = 1, kEip1559 = 2 };

// One EIP-2930 access list entry.
struct AccessListEntry {
  Address address;
  std::vector<Hash32> storage_keys;
  friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};

// An unsigned transaction. Fields not used by `type` are ignored when encoding. Value type.
struct Transaction {
  TxType type = TxType::kEip1559;
  std::optional<U256> chain_id;  // required for types 1 and 2; legacy without it is pre-EIP-155
  std::optional<Address> from;   // informative (the expected signer); never encoded
  U256 nonce;
  std::optional<Address> to;  // absent: contract creation
  U256 value;
  Bytes data;
  U256 gas;
  U256 gas_price;                 // legacy, EIP-2930
  U256 max_fee_per_gas;           // EIP-1559
  U256 max_priority_fee_per_gas;  // EIP-1559
  std::vector<AccessListEntry> access_list;
  // Whether the source document carried these (the intent classifier needs to know).
  bool has_nonce = false;
  bool has_data = false;

  friend bool operator==(const Transaction&, const Transaction&) = default;
};

// Parses the reference's TransactionRequest JSON: {chainId, from, nonce, to, value, data, gas,
// gasPrice | maxFeePerGas, maxPriorityFeePerGas, accessList, type}. Numbers may be JSON
// integers, decimal strings or 0x hex; `type` may be 0/1/2, "0x0".."0x2", "0".."2", "legacy",
// "eip2930" or "eip1559". Without `type`: EIP-1559 when a 1559 fee field is present, else
// EIP-2930 when gasPrice and accessList are, else legacy when gasPrice is, else EIP-1559.
// Absent numeric fields are zero. Fee fields of another type are refused, as are unknown members.
// Error: kEvmTransaction naming the field.
Result<Transaction> parse_transaction(const json::Value& request);

// The JSON form of `tx` (numbers as 0x hex quantities, addresses lower-case).
json::Value transaction_to_json(const Transaction& tx);

// The bytes that are hashed for signing: legacy rlp([nonce, gasPrice, gas, to, value, data,
// chainId, 0, 0]) (EIP-155; six fields without a chain id); typed: type || rlp([...]).
Result<Bytes> signing_payload(const Transaction& tx);
// keccak256(signing_payload(tx)).
Result<Hash32> signing_hash(const Transaction& tx);

// The serialized signed transaction (what eth_sendRawTransaction takes). Legacy v is
// chainId*2+35+recid (EIP-155) or 27+recid; typed transactions carry yParity = recid.
Result<Bytes> serialize_signed(const Transaction& tx, const RecoverableSignature& signature);

// A signed transaction: its raw bytes, hash (keccak256 of the raw bytes) and signature.
struct SignedTransaction {
  Transaction tx;
  RecoverableSignature signature;
  Bytes raw;
  Hash32 hash{};
};

// Signs `tx` with `private_key`. When tx.from is set it must be the key's address (a mismatch
// is an error, not a silent re-attribution). Error: kEvmTransaction, kCryptoBadKey.
Result<SignedTransaction> sign_transaction(const Transaction& tx, const SecretBytes& private_key);

// Decodes a serialized signed transaction (strict RLP; legacy v must be 27/28 or EIP-155
// consistent; s must be low; no trailing bytes). Error: kEvmRlp, kEvmTransaction.
Result<SignedTransaction> decode_signed(ByteView raw);

// Recovers the sender of a signed transaction. Error: kEvmTransaction, kCryptoBadSignature.
Result<Address> recover_sender(const SignedTransaction& signed_tx);

}  // namespace custos::evm
