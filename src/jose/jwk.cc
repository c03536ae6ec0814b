// JWK parsing, validation, serialization and thumbprints: see jwk.h.

#include "jose/jwk.h"

#include "base/secret.h"
#include "crypto/hash.h"
#include "json/parse.h"
#include "json/serialize.h"

namespace custos::jose {
namespace {

namespace ed = crypto::ed25519;
namespace k1 = crypto::secp256k1;
namespace ec = crypto::ecdsa;
namespace rsa = crypto::rsa;

tl::unexpected<Error> bad(std::string why) { return fail(ErrorCode::kJoseBadJwk, std::move(why)); }

// An optional string member; a present member of another type is an error.
Result<std::optional<std::string>> opt_string(const json::Value& obj, std::string_view key) {
  const json::Value* v = obj.find(key);
  if (v == nullptr) return std::optional<std::string>{};
  if (!v->is_string()) return bad("JWK member \"" + std::string(key) + "\" must be a string");
  return std::optional<std::string>(v->as_string());
}

// An optional base64url member decoded strictly; when `size` is non-zero the length must match.
Result<std::optional<Bytes>> opt_b64(const json::Value& obj, std::string_view key,
                                     std::size_t size = 0) {
  CUSTOS_TRY_ASSIGN(auto text, opt_string(obj, key));
  if (!text) return std::optional<Bytes>{};
  auto bytes = base64url_decode(*text);
  if (!bytes) return bad("JWK member \"" + std::string(key) + "\" is not strict base64url");
  if (size != 0 && bytes->size() != size) {
    return bad("JWK member \"" + std::string(key) + "\" must be " + std::to_string(size) +
               " bytes");
  }
  return std::optional<Bytes>(std::move(*bytes));
}

void wipe(std::optional<Bytes>& b) {
  if (b) secure_wipe(b->data(), b->size());
}

SecretBytes take_secret(std::optional<Bytes>& b) {
  SecretBytes s(*b);
  wipe(b);
  return s;
}

bool alg_fits_kind(Algorithm a, Jwk::Kind kind) {
  switch (kind) {
    case Jwk::Kind::kEd25519: return a == Algorithm::kEdDSA;
    case Jwk::Kind::kSecp256k1:
    case Jwk::Kind::kSecp256k1Address: return a == Algorithm::kES256K || a == Algorithm::kEIP191;
    case Jwk::Kind::kP256: return a == Algorithm::kES256;
    case Jwk::Kind::kRsa: return a == Algorithm::kRS256;
  }
  return false;
}

std::string hex_sha256_of(std::string_view text) { return "0x" + hex_encode(crypto::sha256(text)); }

// The reference decodes `${n}:${e}` with Node's lenient base64 decoder: characters outside the
// alphabet are skipped, and a trailing partial byte is dropped.
Bytes lenient_base64url_concat(std::string_view text) {
  Bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-' || c == '+')
      v = 62;
    else if (c == '_' || c == '/')
      v = 63;
    else
      continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  return out;
}

}  // namespace

Result<Jwk> Jwk::parse(std::string_view json_text) {
  CUSTOS_TRY_ASSIGN(json::Value value, json::parse(json_text));
  return parse(value);
}

Result<Jwk> Jwk::parse(const json::Value& obj) {
  if (!obj.is_object()) return bad("a JWK must be a JSON object");
  CUSTOS_TRY_ASSIGN(auto kty, opt_string(obj, "kty"));
  CUSTOS_TRY_ASSIGN(auto crv, opt_string(obj, "crv"));
  CUSTOS_TRY_ASSIGN(auto kid, opt_string(obj, "kid"));
  CUSTOS_TRY_ASSIGN(auto alg, opt_string(obj, "alg"));
  CUSTOS_TRY_ASSIGN(auto use, opt_string(obj, "use"));
  if (!kty) return bad("JWK has no \"kty\"");
  if (use && *use != "sig") return bad("JWK \"use\" must be \"sig\"");
  if (obj.contains("oth")) return bad("multi-prime RSA keys are not supported");

  std::optional<Jwk> key;
  if (*kty == "OKP") {
    if (!crv || *crv != "Ed25519") return bad("OKP keys must have crv \"Ed25519\"");
    CUSTOS_TRY_ASSIGN(auto x, opt_b64(obj, "x", ed::kPublicKeySize));
    CUSTOS_TRY_ASSIGN(auto d, opt_b64(obj, "d", ed::kSeedSize));
    if (!x && !d) return bad("Ed25519 JWK needs \"x\"");
    key.emplace(Jwk(Kind::kEd25519));
    if (d) {
      auto priv = ed::PrivateKey::from_seed(*d);
      wipe(d);
      if (!priv) return bad("bad Ed25519 private key");
      key->ed_pub_ = priv->public_key();
      key->ed_priv_ = std::make_shared<const ed::PrivateKey>(std::move(*priv));
    }
    if (x) {
      auto pub = ed::PublicKey::parse(*x);
      if (!pub) return bad("invalid Ed25519 public key (non-canonical or small order)");
      if (key->ed_pub_ && !(*key->ed_pub_ == *pub)) return bad("\"d\" does not match \"x\"");
      key->ed_pub_ = *pub;
    }
  } else if (*kty == "EC") {
    if (!crv) return bad("EC JWK has no \"crv\"");
    if (*crv == "secp256k1") {
      CUSTOS_TRY_ASSIGN(auto x, opt_b64(obj, "x", 32));
      CUSTOS_TRY_ASSIGN(auto y, opt_b64(obj, "y", 32));
      CUSTOS_TRY_ASSIGN(auto d, opt_b64(obj, "d", 32));
      CUSTOS_TRY_ASSIGN(auto addr, opt_string(obj, "addr"));
      if (x.has_value() != y.has_value()) return bad("EC JWK needs both \"x\" and \"y\"");
      std::optional<k1::Address> address;
      if (addr) {
        auto parsed = k1::parse_address(*addr);
        if (!parsed) return bad("JWK \"addr\" is not a 20-byte hex address");
        address = *parsed;
      }
      if (!x && !d) {
        if (!address) return bad("secp256k1 JWK needs \"x\"/\"y\" or \"addr\"");
        key.emplace(Jwk(Kind::kSecp256k1Address));
        key->address_ = *address;
      } else {
        key.emplace(Jwk(Kind::kSecp256k1));
        if (d) {
          auto priv = k1::PrivateKey::from_bytes(*d);
          wipe(d);
          if (!priv) return bad("bad secp256k1 private key");
          key->k1_pub_ = priv->public_key();
          key->k1_priv_ = std::make_shared<const k1::PrivateKey>(std::move(*priv));
        }
        if (x) {
          Bytes point{0x04};
          point.insert(point.end(), x->begin(), x->end());
          point.insert(point.end(), y->begin(), y->end());
          auto pub = k1::PublicKey::parse(point);
          if (!pub) return bad("secp256k1 point is not on the curve");
          if (key->k1_pub_ && !(*key->k1_pub_ == *pub)) return bad("\"d\" does not match x/y");
          key->k1_pub_ = *pub;
        }
        key->address_ = key->k1_pub_->address();
        if (address && *address != key->address_) return bad("\"addr\" does not match x/y");
      }
    } else if (*crv == "P-256") {
      CUSTOS_TRY_ASSIGN(auto x, opt_b64(obj, "x", 32));
      CUSTOS_TRY_ASSIGN(auto y, opt_b64(obj, "y", 32));
      CUSTOS_TRY_ASSIGN(auto d, opt_b64(obj, "d", 32));
      if (x.has_value() != y.has_value()) return bad("EC JWK needs both \"x\" and \"y\"");
      if (!x && !d) return bad("P-256 JWK needs \"x\" and \"y\"");
      key.emplace(Jwk(Kind::kP256));
      if (d) {
        auto priv = ec::P256PrivateKey::from_bytes(*d);
        wipe(d);
        if (!priv) return bad("bad P-256 private key");
        key->p256_pub_ = priv->public_key();
        key->p256_priv_ = std::make_shared<const ec::P256PrivateKey>(std::move(*priv));
      }
      if (x) {
        auto pub = ec::P256PublicKey::from_xy(*x, *y);
        if (!pub) return bad("P-256 point is not on the curve");
        if (key->p256_pub_ && !(*key->p256_pub_ == *pub)) return bad("\"d\" does not match x/y");
        key->p256_pub_ = *pub;
      }
    } else {
      return bad("unsupported EC curve \"" + *crv + "\"");
    }
  } else if (*kty == "RSA") {
    CUSTOS_TRY_ASSIGN(auto n, opt_b64(obj, "n"));
    CUSTOS_TRY_ASSIGN(auto e, opt_b64(obj, "e"));
    if (!n || !e) return bad("RSA JWK needs \"n\" and \"e\"");
    if (!n->empty() && (*n)[0] == 0) return bad("RSA \"n\" has a leading zero byte");
    auto pub = rsa::PublicKey::from_components(*n, *e);
    if (!pub) return bad("invalid RSA public key: " + pub.error().message());
    key.emplace(Jwk(Kind::kRsa));
    key->rsa_pub_ = *pub;
    if (obj.contains("d")) {
      CUSTOS_TRY_ASSIGN(auto d, opt_b64(obj, "d"));
      CUSTOS_TRY_ASSIGN(auto p, opt_b64(obj, "p"));
      CUSTOS_TRY_ASSIGN(auto q, opt_b64(obj, "q"));
      CUSTOS_TRY_ASSIGN(auto dp, opt_b64(obj, "dp"));
      CUSTOS_TRY_ASSIGN(auto dq, opt_b64(obj, "dq"));
      CUSTOS_TRY_ASSIGN(auto qi, opt_b64(obj, "qi"));
      if (!p || !q || !dp || !dq || !qi) {
        wipe(d), wipe(p), wipe(q), wipe(dp), wipe(dq), wipe(qi);
        return bad("RSA private JWK needs d, p, q, dp, dq and qi");
      }
      rsa::PrivateComponents parts{take_secret(d),  take_secret(p),  take_secret(q),
                                   take_secret(dp), take_secret(dq), take_secret(qi)};
      auto priv = rsa::PrivateKey::from_components(*n, *e, parts);
      if (!priv) return bad("invalid RSA private key");
      key->rsa_priv_ = std::make_shared<const rsa::PrivateKey>(std::move(*priv));
    }
  } else {
    return bad("unsupported kty \"" + *kty + "\"");
  }

  if (alg) {
    auto a = parse_algorithm(*alg);
    if (!a || !alg_fits_kind(*a, key->kind_)) {
      return bad("JWK \"alg\" \"" + *alg + "\" does not fit the key type");
    }
    key->alg_ = *alg;
  }
  if (use) key->use_ = *use;
  key->kid_ = kid.value_or("");
  return std::move(*key);
}

bool Jwk::has_private() const { return ed_priv_ || k1_priv_ || p256_priv_ || rsa_priv_; }

void Jwk::finish(std::string kid) {
  switch (kind_) {
    case Kind::kEd25519: alg_ = "EDDSA"; break;
    case Kind::kSecp256k1:
    case Kind::kSecp256k1Address: alg_ = "ES256K"; break;
    case Kind::kP256: alg_ = "ES256"; break;
    case Kind::kRsa: alg_ = "RS256"; break;
  }
  kid_ = kid.empty() ? default_kid() : std::move(kid);
}

Jwk Jwk::from_ed25519(ed::PublicKey key, std::string kid) {
  Jwk jwk(Kind::kEd25519);
  jwk.ed_pub_ = key;
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_ed25519(ed::PrivateKey key, std::string kid) {
  Jwk jwk(Kind::kEd25519);
  jwk.ed_pub_ = key.public_key();
  jwk.ed_priv_ = std::make_shared<const ed::PrivateKey>(std::move(key));
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_secp256k1(const k1::PublicKey& key, std::string kid) {
  Jwk jwk(Kind::kSecp256k1);
  jwk.k1_pub_ = key;
  jwk.address_ = key.address();
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_secp256k1(k1::PrivateKey key, std::string kid) {
  Jwk jwk(Kind::kSecp256k1);
  jwk.k1_pub_ = key.public_key();
  jwk.address_ = jwk.k1_pub_->address();
  jwk.k1_priv_ = std::make_shared<const k1::PrivateKey>(std::move(key));
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_address(const k1::Address& address, std::string kid) {
  Jwk jwk(Kind::kSecp256k1Address);
  jwk.address_ = address;
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_p256(const ec::P256PublicKey& key, std::string kid) {
  Jwk jwk(Kind::kP256);
  jwk.p256_pub_ = key;
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_p256(ec::P256PrivateKey key, std::string kid) {
  Jwk jwk(Kind::kP256);
  jwk.p256_pub_ = key.public_key();
  jwk.p256_priv_ = std::make_shared<const ec::P256PrivateKey>(std::move(key));
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_rsa(const rsa::PublicKey& key, std::string kid) {
  Jwk jwk(Kind::kRsa);
  jwk.rsa_pub_ = key;
  jwk.finish(std::move(kid));
  return jwk;
}
Jwk Jwk::from_rsa(rsa::PrivateKey key, std::string kid) {
  Jwk jwk(Kind::kRsa);
  jwk.rsa_pub_ = key.public_key();
  jwk.rsa_priv_ = std::make_shared<const rsa::PrivateKey>(std::move(key));
  jwk.finish(std::move(kid));
  return jwk;
}

Result<Jwk> Jwk::generate(Algorithm alg, Rng& rng, std::string kid) {
  switch (alg) {
    case Algorithm::kEdDSA: return from_ed25519(ed::PrivateKey::generate(rng), std::move(kid));
    case Algorithm::kES256K:
    case Algorithm::kEIP191: return from_secp256k1(k1::PrivateKey::generate(rng), std::move(kid));
    case Algorithm::kES256: return from_p256(ec::P256PrivateKey::generate(rng), std::move(kid));
    case Algorithm::kRS256: {
      CUSTOS_TRY_ASSIGN(auto key, rsa::PrivateKey::generate(2048));
      return from_rsa(std::move(key), std::move(kid));
    }
  }
  return fail(ErrorCode::kInvalidArgument, "unknown algorithm");
}

Jwk Jwk::public_only() const {
  Jwk copy = *this;
  copy.ed_priv_.reset();
  copy.k1_priv_.reset();
  copy.p256_priv_.reset();
  copy.rsa_priv_.reset();
  return copy;
}

std::optional<k1::Address> Jwk::address() const {
  if (kind_ == Kind::kSecp256k1 || kind_ == Kind::kSecp256k1Address) return address_;
  return std::nullopt;
}

json::Value Jwk::to_json(bool include_private) const {
  json::Value out = json::Value::object();
  auto b64 = [](ByteView b) { return json::Value(base64url_encode(b)); };
  switch (kind_) {
    case Kind::kEd25519:
      out.set("kty", "OKP");
      out.set("crv", "Ed25519");
      break;
    case Kind::kSecp256k1:
    case Kind::kSecp256k1Address:
      out.set("kty", "EC");
      out.set("crv", "secp256k1");
      break;
    case Kind::kP256:
      out.set("kty", "EC");
      out.set("crv", "P-256");
      break;
    case Kind::kRsa: out.set("kty", "RSA"); break;
  }
  if (!alg_.empty()) out.set("alg", alg_);
  if (!kid_.empty()) out.set("kid", kid_);
  if (!use_.empty()) out.set("use", use_);
  switch (kind_) {
    case Kind::kEd25519:
      out.set("x", b64(ed_pub_->bytes()));
      if (include_private && ed_priv_) out.set("d", b64(ed_priv_->seed()));
      break;
    case Kind::kSecp256k1:
      out.set("x", b64(k1_pub_->x()));
      out.set("y", b64(k1_pub_->y()));
      if (include_private && k1_priv_) out.set("d", b64(k1_priv_->secret_bytes()));
      break;
    case Kind::kSecp256k1Address: out.set("addr", k1::address_checksummed(address_)); break;
    case Kind::kP256:
      out.set("x", b64(p256_pub_->x()));
      out.set("y", b64(p256_pub_->y()));
      if (include_private && p256_priv_) out.set("d", b64(p256_priv_->secret_bytes()));
      break;
    case Kind::kRsa:
      out.set("n", b64(rsa_pub_->n()));
      out.set("e", b64(rsa_pub_->e()));
      if (include_private && rsa_priv_) {
        auto parts = rsa_priv_->components();
        if (parts) {
          out.set("d", b64(parts->d.view()));
          out.set("p", b64(parts->p.view()));
          out.set("q", b64(parts->q.view()));
          out.set("dp", b64(parts->dp.view()));
          out.set("dq", b64(parts->dq.view()));
          out.set("qi", b64(parts->qi.view()));
        }
      }
      break;
  }
  return out;
}

Result<std::string> Jwk::thumbprint() const {
  json::Value members = json::Value::object();
  auto b64 = [](ByteView b) { return json::Value(base64url_encode(b)); };
  switch (kind_) {
    case Kind::kEd25519:
      members =
          json::Value::object({{"crv", "Ed25519"}, {"kty", "OKP"}, {"x", b64(ed_pub_->bytes())}});
      break;
    case Kind::kSecp256k1:
      members = json::Value::object({{"crv", "secp256k1"},
                                     {"kty", "EC"},
                                     {"x", b64(k1_pub_->x())},
                                     {"y", b64(k1_pub_->y())}});
      break;
    case Kind::kP256:
      members = json::Value::object({{"crv", "P-256"},
                                     {"kty", "EC"},
                                     {"x", b64(p256_pub_->x())},
                                     {"y", b64(p256_pub_->y())}});
      break;
    case Kind::kRsa:
      members = json::Value::object(
          {{"e", b64(rsa_pub_->e())}, {"kty", "RSA"}, {"n", b64(rsa_pub_->n())}});
      break;
    case Kind::kSecp256k1Address:
      return fail(ErrorCode::kUnsupported, "an address-only key has no RFC 7638 thumbprint");
  }
  CUSTOS_TRY_ASSIGN(std::string canonical, json::canonicalize(members));
  return base64url_encode(crypto::sha256(canonical));
}

std::string Jwk::default_kid() const {
  switch (kind_) {
    case Kind::kSecp256k1:
    case Kind::kSecp256k1Address: return hex_sha256_of(k1::address_hex(address_));
    case Kind::kEd25519: return hex_sha256_of("0x" + hex_encode(ed_pub_->bytes()));
    case Kind::kP256: {
      const auto& u = p256_pub_->uncompressed();
      auto digest = crypto::keccak256(ByteView(u.data() + 1, u.size() - 1));
      k1::Address a{};
      std::copy(digest.begin() + 12, digest.end(), a.begin());
      return k1::address_checksummed(a);
    }
    case Kind::kRsa: {
      std::string text = base64url_encode(rsa_pub_->n()) + ":" + base64url_encode(rsa_pub_->e());
      return "0x" + hex_encode(crypto::sha256(lenient_base64url_concat(text)));
    }
  }
  return {};
}

bool Jwk::fits(Algorithm alg) const {
  if (!alg_fits_kind(alg, kind_)) return false;
  if (alg_.empty()) return true;
  auto own = parse_algorithm(alg_);
  if (!own) return false;
  return *own == alg || (*own == Algorithm::kES256K && alg == Algorithm::kEIP191);
}

bool Jwk::same_public_key(const Jwk& other) const {
  auto is_k1 = [](Kind k) { return k == Kind::kSecp256k1 || k == Kind::kSecp256k1Address; };
  if (is_k1(kind_) && is_k1(other.kind_)) {
    if (kind_ == Kind::kSecp256k1 && other.kind_ == Kind::kSecp256k1) {
      return *k1_pub_ == *other.k1_pub_;
    }
    return address_ == other.address_;
  }
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::kEd25519: return *ed_pub_ == *other.ed_pub_;
    case Kind::kP256: return *p256_pub_ == *other.p256_pub_;
    case Kind::kRsa: return *rsa_pub_ == *other.rsa_pub_;
    default: return false;
  }
}

}  // namespace custos::jose
