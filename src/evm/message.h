#pragma once
// EIP-191 signed data: version 0x45 personal messages ("\x19Ethereum Signed Message:\n" + length
// + message), and raw payload signing.

#include "base/bytes.h"
#include "base/result.h"
#include "base/secret.h"
#include "evm/keccak.h"
#include "json/value.h"

namespace custos::evm {

// The message bytes of the reference's SignMessage payload: a JSON string (its UTF-8 bytes) or
// {"raw": "0x…"} (the decoded bytes). Error: kInvalidArgument.
Result<Bytes> message_from_json(const json::Value& message);

// keccak256("\x19Ethereum Signed Message:\n" + decimal(len(message)) + message) (EIP-191 v0x45).
Hash32 personal_message_hash(ByteView message);

// Signs a personal message; returns the 65-byte r||s||v signature with v = 27/28.
Result<Bytes> sign_personal_message(ByteView message, const SecretBytes& private_key);

// Recovers the signer of a personal message from a 65-byte signature. Error: kCryptoBadSignature.
Result<Address> recover_personal_message(ByteView message, ByteView signature);

// Raw payload signing: ECDSA over keccak256(payload), r||s||v with v = 27/28.
Result<Bytes> sign_raw_payload(ByteView payload, const SecretBytes& private_key);

}  // namespace custos::evm
