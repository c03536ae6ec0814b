#pragma once
// The signing package and the values derived from it (RFC 9591 §4.3–§4.6): encoded commitment
// list, binding factors, group commitment, challenge.

#include <map>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "frost/ciphersuite.h"
#include "frost/error.h"
#include "frost/identifier.h"
#include "frost/round1.h"

namespace custos::frost {

// What the coordinator sends to every signer: the commitment of each participating signer (sorted
// by identifier, one per signer) and the message. Public, copyable.
template <Ciphersuite C>
class SigningPackage {
 public:
  using CommitmentMap = std::map<Identifier<C>, round1::SigningCommitments<C>>;
  SigningPackage(CommitmentMap commitments, Bytes message)
      : commitments_(std::move(commitments)), message_(std::move(message)) {}

  const CommitmentMap& commitments() const { return commitments_; }
  const Bytes& message() const { return message_; }
  std::vector<Identifier<C>> signers() const {
    std::vector<Identifier<C>> ids;
    for (const auto& [id, _] : commitments_) ids.push_back(id);
    return ids;
  }
  friend bool operator==(const SigningPackage&, const SigningPackage&) = default;

 private:
  CommitmentMap commitments_;
  Bytes message_;
};

// RFC 9591 §4.3 encode_group_commitment_list.
template <Ciphersuite C>
Bytes encode_group_commitment_list(const SigningPackage<C>& package) {
  Bytes out;
  for (const auto& [id, c] : package.commitments()) {
    auto i = id.serialize();
    auto d = C::serialize_element(c.hiding);
    auto e = C::serialize_element(c.binding);
    out.insert(out.end(), i.begin(), i.end());
    out.insert(out.end(), d.begin(), d.end());
    out.insert(out.end(), e.begin(), e.end());
  }
  return out;
}

// RFC 9591 §4.4 compute_binding_factors: ρ_i = H1(PK || H4(msg) || H5(commitments) || id_i).
template <Ciphersuite C>
std::map<Identifier<C>, typename C::Scalar> compute_binding_factors(
    const VerifyingKey<C>& key, const SigningPackage<C>& package) {
  auto pk = C::serialize_element(key.element);
  Bytes prefix(pk.begin(), pk.end());
  Bytes msg_hash = C::H4(package.message());
  Bytes com_hash = C::H5(encode_group_commitment_list(package));
  prefix.insert(prefix.end(), msg_hash.begin(), msg_hash.end());
  prefix.insert(prefix.end(), com_hash.begin(), com_hash.end());
  std::map<Identifier<C>, typename C::Scalar> factors;
  for (const auto& [id, _] : package.commitments()) {
    Bytes input = prefix;
    auto i = id.serialize();
    input.insert(input.end(), i.begin(), i.end());
    factors.emplace(id, C::H1(input));
  }
  return factors;
}

// RFC 9591 §4.5 compute_group_commitment: R = Σ D_i + ρ_i·E_i. Also returns each signer's
// commitment share D_i + ρ_i·E_i (needed to verify its signature share).
template <Ciphersuite C>
struct GroupCommitment {
  typename C::Element R;
  std::map<Identifier<C>, typename C::Element> shares;
};

template <Ciphersuite C>
GroupCommitment<C> compute_group_commitment(
    const SigningPackage<C>& package,
    const std::map<Identifier<C>, typename C::Scalar>& binding_factors) {
  GroupCommitment<C> out{C::identity(), {}};
  for (const auto& [id, c] : package.commitments()) {
    auto share = c.hiding + c.binding * binding_factors.at(id);
    out.R = out.R + share;
    out.shares.emplace(id, share);
  }
  return out;
}

// RFC 9591 §4.6 compute_challenge: H2(R || PK || msg).
template <Ciphersuite C>
typename C::Scalar compute_challenge(const typename C::Element& R, const VerifyingKey<C>& key,
                                     ByteView message) {
  auto r = C::serialize_element(R);
  auto pk = C::serialize_element(key.element);
  Bytes input(r.begin(), r.end());
  input.insert(input.end(), pk.begin(), pk.end());
  input.insert(input.end(), message.begin(), message.end());
  return C::H2(input);
}

}  // namespace custos::frost
