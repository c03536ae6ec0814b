// Fuzzes every FROST package decoder (encoding.h). Invariants: decoders never crash, and any
// accepted input is canonical: re-encoding the decoded value gives back exactly the input.
// Accepted signing packages also go through binding-factor and group-commitment computation.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "frost/frost.h"

namespace {

using namespace custos::frost::ed25519;
namespace frost = custos::frost;
using custos::ByteView;

void require_same(ByteView input, ByteView encoded) {
  if (input.size() != encoded.size() || !std::equal(input.begin(), input.end(), encoded.begin())) {
    std::abort();  // a second encoding of the same value was accepted
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteView in(data, size);
  if (auto v = frost::decode_signing_commitments<Suite>(in))
    require_same(in, frost::encode<Suite>(*v));
  if (auto v = frost::decode_signing_package<Suite>(in)) {
    require_same(in, frost::encode<Suite>(*v));
    VerifyingKey key{v->commitments().begin()->second.hiding};
    auto factors = frost::compute_binding_factors<Suite>(key, *v);
    auto group = frost::compute_group_commitment<Suite>(*v, factors);
    (void)group;
  }
  if (auto v = frost::decode_signature_share<Suite>(in)) require_same(in, frost::encode<Suite>(*v));
  if (auto v = frost::decode_public_key_package<Suite>(in)) {
    require_same(in, frost::encode<Suite>(*v));
  }
  if (auto v = frost::decode_dkg_round1_package<Suite>(in)) {
    require_same(in, frost::encode<Suite>(*v));
    // The proof check must not crash on any decoded package.
    (void)frost::dkg::verify_round1_package<Suite>(
        *Identifier::from_u64(1), *v, static_cast<std::uint16_t>(v->commitment.size()));
  }
  if (auto v = frost::decode_refresh_round1_package<Suite>(in)) {
    require_same(in, frost::encode<Suite>(*v));
  }
  if (auto v = frost::decode_key_package<Suite>(in))
    require_same(in, frost::encode<Suite>(*v).view());
  if (auto v = frost::decode_dkg_round2_package<Suite>(in)) {
    require_same(in, frost::encode<Suite>(*v).view());
  }
  if (auto v = frost::decode_repair_delta<Suite>(in))
    require_same(in, frost::encode<Suite>(*v).view());
  if (auto v = frost::decode_repair_sigma<Suite>(in))
    require_same(in, frost::encode<Suite>(*v).view());
  if (auto v = frost::decode_nonce_offer<Suite>(in)) {
    require_same(in, frost::encode<Suite>(*v));
  }
  if (auto v = Signature::deserialize(in)) require_same(in, v->serialize());
  return 0;
}
