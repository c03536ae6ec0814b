// RFC 9591 Appendix E.1 and ZF FROST test vectors for FROST(Ed25519, SHA-512), read at run time
// from ${CUSTOS_SHARED_DIR}/vectors/frost/. One generic body per vector shape: trusted-dealer
// signing (run_signing_vector) and 2-of-3 DKG (run_dkg_vector).

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <sstream>

#include "frost/frost.h"
#include "json/json.h"

namespace custos {
namespace {

using namespace frost::ed25519;

// Hands out exactly the bytes it was given (the vectors' nonce randomness), then fails the test.
class FixedRng final : public Rng {
 public:
  explicit FixedRng(Bytes bytes) : bytes_(bytes.begin(), bytes.end()) {}
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) {
      if (bytes_.empty()) {
        ADD_FAILURE() << "FixedRng exhausted";
        b = 0;
        continue;
      }
      b = bytes_.front();
      bytes_.pop_front();
    }
  }
  bool exhausted() const { return bytes_.empty(); }

 private:
  std::deque<std::uint8_t> bytes_;
};

// CUSTOS_SHARED_DIR from the environment wins over the build-time default (a worktree may sit
// elsewhere than beside shared/).
std::string shared_dir() {
  const char* env = std::getenv("CUSTOS_SHARED_DIR");
  return env != nullptr && *env != 0 ? env : CUSTOS_SHARED_DIR;
}

json::Value load(const std::string& name) {
  std::ifstream in(shared_dir() + "/vectors/frost/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  auto v = json::parse(ss.str());
  EXPECT_TRUE(v.has_value()) << name;
  return v ? *v : json::Value();
}

const json::Value& at(const json::Value& v, std::string_view key) {
  const json::Value* found = v.find(key);
  if (found == nullptr) {
    ADD_FAILURE() << "missing key " << key;
    static const json::Value null;
    return null;
  }
  return *found;
}

Bytes hex(const json::Value& v) {
  auto b = hex_decode(v.as_string());
  EXPECT_TRUE(b.has_value());
  return b ? *b : Bytes();
}

std::uint64_t number(const json::Value& v) {
  if (v.is_string()) return std::stoull(v.as_string());
  return *v.as_number().to_uint64();
}

Scalar scalar(const json::Value& v) {
  auto s = Suite::deserialize_scalar(hex(v));
  EXPECT_TRUE(s.has_value());
  return s ? *s : Scalar();
}

Element element(const json::Value& v) {
  auto e = Suite::deserialize_element(hex(v));
  EXPECT_TRUE(e.has_value());
  return e ? *e : Element();
}

Identifier id(std::uint64_t v) { return *Identifier::from_u64(v); }

std::string hex_of(const Scalar& s) { return hex_encode(Suite::serialize_scalar(s)); }
std::string hex_of(const Element& e) { return hex_encode(Suite::serialize_element(e)); }

void run_signing_vector(const std::string& file) {
  SCOPED_TRACE(file);
  auto doc = load(file);
  const auto& inputs = at(doc, "inputs");
  const auto* pk_field = inputs.find("group_public_key");
  if (pk_field == nullptr) pk_field = inputs.find("verifying_key_key");
  ASSERT_NE(pk_field, nullptr);
  const auto group_secret = scalar(at(inputs, "group_secret_key"));
  const auto group_key = element(*pk_field);
  EXPECT_EQ(hex_of(Suite::generator_mult(group_secret)), hex_of(group_key));
  const Bytes message = hex(at(inputs, "message"));
  const auto min_signers = number(at(at(doc, "config"), "MIN_PARTICIPANTS"));

  // Key generation: the dealer's shares from the published polynomial.
  std::vector<Scalar> coefficients;
  for (const auto& c : at(inputs, "share_polynomial_coefficients").as_array()) {
    coefficients.push_back(scalar(c));
  }
  ASSERT_EQ(coefficients.size() + 1, min_signers);
  std::vector<Identifier> all_ids;
  for (const auto& p : at(inputs, "participant_shares").as_array()) {
    all_ids.push_back(id(number(at(p, "identifier"))));
  }
  auto dealt = frost::split_secret<Suite>(group_secret, coefficients, all_ids);
  ASSERT_TRUE(dealt.has_value()) << dealt.error().message();
  EXPECT_EQ(hex_of(dealt->public_key_package.verifying_key.element), hex_of(group_key));
  for (const auto& p : at(inputs, "participant_shares").as_array()) {
    const auto& share = dealt->shares.at(id(number(at(p, "identifier"))));
    EXPECT_EQ(hex_of(share.signing_share.scalar()), at(p, "participant_share").as_string());
  }

  std::map<Identifier, KeyPackage> keys;
  for (const auto& p : at(inputs, "participant_list").as_array()) {
    auto key = frost::key_package_from_secret_share<Suite>(dealt->shares.at(id(number(p))));
    ASSERT_TRUE(key.has_value());
    keys.emplace(key->identifier, std::move(*key));
  }

  // Round one: nonces and commitments from the published randomness.
  std::map<Identifier, SigningNonces> nonces;
  SigningPackage::CommitmentMap commitments;
  for (const auto& out : at(at(doc, "round_one_outputs"), "outputs").as_array()) {
    const auto who = id(number(at(out, "identifier")));
    SCOPED_TRACE("signer " + who.to_string());
    Bytes randomness = hex(at(out, "hiding_nonce_randomness"));
    Bytes binding_randomness = hex(at(out, "binding_nonce_randomness"));
    randomness.insert(randomness.end(), binding_randomness.begin(), binding_randomness.end());
    FixedRng rng(randomness);
    auto [n, c] = frost::round1::commit<Suite>(keys.at(who).signing_share, rng);
    EXPECT_TRUE(rng.exhausted());
    EXPECT_EQ(hex_of(n.hiding()), at(out, "hiding_nonce").as_string());
    EXPECT_EQ(hex_of(n.binding()), at(out, "binding_nonce").as_string());
    EXPECT_EQ(hex_of(c.hiding), at(out, "hiding_nonce_commitment").as_string());
    EXPECT_EQ(hex_of(c.binding), at(out, "binding_nonce_commitment").as_string());
    nonces.emplace(who, std::move(n));
    commitments.emplace(who, c);
  }
  ASSERT_EQ(keys.size(), commitments.size());
  SigningPackage package(commitments, message);
  VerifyingKey vk{group_key};
  auto factors = frost::compute_binding_factors<Suite>(vk, package);
  for (const auto& out : at(at(doc, "round_one_outputs"), "outputs").as_array()) {
    const auto who = id(number(at(out, "identifier")));
    // binding_factor_input = PK || H4(msg) || H5(encode_group_commitment_list) || id.
    auto pk = Suite::serialize_element(group_key);
    Bytes input(pk.begin(), pk.end());
    auto h4 = Suite::H4(message);
    auto h5 = Suite::H5(frost::encode_group_commitment_list<Suite>(package));
    auto i = who.serialize();
    input.insert(input.end(), h4.begin(), h4.end());
    input.insert(input.end(), h5.begin(), h5.end());
    input.insert(input.end(), i.begin(), i.end());
    EXPECT_EQ(hex_encode(input), at(out, "binding_factor_input").as_string());
    EXPECT_EQ(hex_of(factors.at(who)), at(out, "binding_factor").as_string());
  }

  // Round two: signature shares.
  std::map<Identifier, SignatureShare> shares;
  for (const auto& out : at(at(doc, "round_two_outputs"), "outputs").as_array()) {
    const auto who = id(number(at(out, "identifier")));
    auto share = frost::round2::sign<Suite>(package, std::move(nonces.at(who)), keys.at(who));
    ASSERT_TRUE(share.has_value()) << share.error().message();
    EXPECT_EQ(hex_of(share->share), at(out, "sig_share").as_string());
    auto verified = frost::round2::verify_signature_share<Suite>(
        who, dealt->public_key_package.verifying_shares.at(who), *share, package, vk);
    EXPECT_TRUE(verified.has_value());
    shares.emplace(who, *share);
  }

  // Aggregation.
  auto signature = frost::aggregate<Suite>(package, shares, dealt->public_key_package);
  ASSERT_TRUE(signature.has_value()) << signature.error().message();
  const Bytes sig = signature->serialize();
  EXPECT_EQ(hex_encode(sig), at(at(doc, "final_output"), "sig").as_string());
  auto pk = Suite::serialize_element(group_key);
  EXPECT_EQ(crypto_sign_verify_detached(sig.data(), message.data(), message.size(), pk.data()), 0);
}

TEST(FrostVectors, Rfc9591Ed25519Sha512) {
  run_signing_vector("cfrg-poc-frost-ed25519-sha512.json");
}

TEST(FrostVectors, ZfEd25519) { run_signing_vector("zf-frost-ed25519-vectors.json"); }

TEST(FrostVectors, ZfEd25519BigIdentifier) {
  run_signing_vector("zf-frost-ed25519-vectors-big-identifier.json");
}

void run_dkg_vector(const std::string& file) {
  SCOPED_TRACE(file);
  auto doc = load(file);
  const auto& inputs = at(doc, "inputs");
  const auto max_signers =
      static_cast<std::uint16_t>(number(at(at(doc, "config"), "MAX_PARTICIPANTS")));
  const auto min_signers =
      static_cast<std::uint16_t>(number(at(at(doc, "config"), "MIN_PARTICIPANTS")));
  ASSERT_EQ(min_signers, 2);  // the vectors give a_i0 and a_i1 only

  struct Participant {
    Identifier identifier;
    std::vector<Scalar> coefficients;
    frost::dkg::round1::Package<Suite> package;
    const json::Value* json;
  };
  std::vector<Participant> participants;
  for (std::uint16_t i = 1; i <= max_signers; ++i) {
    const auto& p = at(inputs, std::to_string(i));
    Participant part{id(number(at(p, "identifier"))),
                     {scalar(at(p, "signing_key")), scalar(at(p, "coefficient"))},
                     {},
                     &p};
    for (const auto& c : at(p, "vss_commitments").as_array()) {
      part.package.commitment.push_back(element(c));
    }
    auto pok = Signature::deserialize(hex(at(p, "proof_of_knowledge")));
    ASSERT_TRUE(pok.has_value());
    part.package.proof_of_knowledge = *pok;
    // The commitment is the coefficients times G; the proof of knowledge verifies.
    auto commitment = frost::vss_commit<Suite>(part.coefficients);
    ASSERT_EQ(commitment.size(), part.package.commitment.size());
    for (std::size_t k = 0; k < commitment.size(); ++k) {
      EXPECT_EQ(hex_of(commitment[k]), hex_of(part.package.commitment[k]));
    }
    auto ok = frost::dkg::verify_round1_package<Suite>(part.identifier, part.package, min_signers);
    EXPECT_TRUE(ok.has_value()) << ok.error().message();
    participants.push_back(std::move(part));
  }

  // part2 for everyone, from the published coefficients.
  std::map<Identifier, frost::dkg::round2::SecretPackage<Suite>> secrets;
  std::map<Identifier, std::map<Identifier, frost::dkg::round2::Package<Suite>>>
      inbox;  // to → from
  for (const auto& me : participants) {
    std::map<Identifier, frost::dkg::round1::Package<Suite>> received;
    for (const auto& other : participants) {
      if (!(other.identifier == me.identifier)) received.emplace(other.identifier, other.package);
    }
    frost::dkg::round1::SecretPackage<Suite> secret(
        me.identifier, me.coefficients, me.package.commitment, min_signers, max_signers);
    auto r2 = frost::dkg::part2<Suite>(std::move(secret), received);
    ASSERT_TRUE(r2.has_value()) << r2.error().message();
    for (auto& [to, package] : r2->second) {
      inbox[to].emplace(me.identifier, std::move(package));
    }
    secrets.emplace(me.identifier, std::move(r2->first));
  }
  for (const auto& me : participants) {
    SCOPED_TRACE("participant " + me.identifier.to_string());
    const auto& shares = at(*me.json, "signing_shares");
    for (const auto& [from, package] : inbox.at(me.identifier)) {
      EXPECT_EQ(hex_of(package.signing_share.scalar()), at(shares, from.to_string()).as_string());
    }
    auto r3 = frost::dkg::part3<Suite>(secrets.at(me.identifier), inbox.at(me.identifier));
    ASSERT_TRUE(r3.has_value()) << r3.error().message();
    const auto& [key, pub] = *r3;
    EXPECT_EQ(hex_of(key.signing_share.scalar()), at(*me.json, "signing_share").as_string());
    EXPECT_EQ(hex_of(key.verifying_share.element), at(*me.json, "verifying_share").as_string());
    EXPECT_EQ(hex_of(key.verifying_key.element), at(inputs, "verifying_key").as_string());
    EXPECT_EQ(hex_of(pub.verifying_shares.at(me.identifier).element),
              at(*me.json, "verifying_share").as_string());
  }
}

TEST(FrostVectors, ZfEd25519Dkg) { run_dkg_vector("zf-frost-ed25519-vectors_dkg.json"); }

}  // namespace
}  // namespace custos
