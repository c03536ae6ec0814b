#pragma once
// custos::evm — Ethereum for policies and signing: uint256, hex, addresses (EIP-55), RLP,
// transactions (legacy/EIP-155, EIP-2930, EIP-1559), EIP-191 messages, EIP-712 typed data,
// ERC-4337 v0.6 user operation hashes, ABI decoding and the intent classifier.

#include "evm/abi.h"
#include "evm/address.h"
#include "evm/hex.h"
#include "evm/intent.h"
#include "evm/json_fields.h"
#include "evm/keccak.h"
#include "evm/message.h"
#include "evm/rlp.h"
#include "evm/selectors.h"
#include "evm/transaction.h"
#include "evm/typed_data.h"
#include "evm/uint256.h"
#include "evm/user_operation.h"
