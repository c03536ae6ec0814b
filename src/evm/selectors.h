#pragma once
// Function selectors (first 4 bytes of keccak256 of the canonical signature) of the calls the
// intent classifier decodes. Unit tests recompute each from its signature.

#include <cstdint>
#include <string_view>

namespace custos::evm::selectors {

struct Known {
  std::uint32_t selector;
  std::string_view signature;  // canonical Solidity signature
};

inline constexpr Known kTransfer{0xa9059cbb, "transfer(address,uint256)"};
inline constexpr Known kTransferFrom{0x23b872dd, "transferFrom(address,address,uint256)"};
inline constexpr Known kApprove{0x095ea7b3, "approve(address,uint256)"};
inline constexpr Known kSafeTransferFrom721{0x42842e0e,
                                            "safeTransferFrom(address,address,uint256)"};
inline constexpr Known kSafeTransferFrom721Data{0xb88d4fde,
                                                "safeTransferFrom(address,address,uint256,bytes)"};
inline constexpr Known kSafeTransferFrom1155{
    0xf242432a, "safeTransferFrom(address,address,uint256,uint256,bytes)"};
inline constexpr Known kSafeBatchTransferFrom1155{
    0x2eb2c2d6, "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)"};
inline constexpr Known kCreateAccount{0x5fbfb9cf, "createAccount(address,uint256)"};
inline constexpr Known kExecute{0xb61d27f6, "execute(address,uint256,bytes)"};
inline constexpr Known kExecuteAndRevert{0x940d3c60,
                                         "executeAndRevert(address,uint256,bytes,uint8)"};
inline constexpr Known kExecuteBatchV6{0x18dfb3c7, "executeBatch(address[],bytes[])"};
inline constexpr Known kExecuteBatchV7{0x47e1da2a, "executeBatch(address[],uint256[],bytes[])"};

inline constexpr Known kAll[] = {kTransfer,
                                 kTransferFrom,
                                 kApprove,
                                 kSafeTransferFrom721,
                                 kSafeTransferFrom721Data,
                                 kSafeTransferFrom1155,
                                 kSafeBatchTransferFrom1155,
                                 kCreateAccount,
                                 kExecute,
                                 kExecuteAndRevert,
                                 kExecuteBatchV6,
                                 kExecuteBatchV7};

}  // namespace custos::evm::selectors
