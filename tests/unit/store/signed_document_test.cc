#include "store/signed_document.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "base/rng.h"
#include "json/parse.h"
#include "json/serialize.h"
#include "store/config.h"
#include "store/loader.h"

namespace custos::store {
namespace {

jose::Jwk make_key(std::uint64_t seed, std::string kid) {
  DeterministicRng rng(seed);
  return *jose::Jwk::generate(jose::Algorithm::kEdDSA, rng, std::move(kid));
}

json::Value sample_data() {
  return *json::parse(R"({"users":[{"id":"alice","role":"admin"},{"id":"bob","role":"member"}],
    "accounts":[{"id":"eip155:eoa:0x01","address":"0x01","accountType":"eoa"}]})");
}

struct Fixture {
  jose::Jwk admin = make_key(1, "admin-key");
  json::Value data = sample_data();
  std::string data_file = data_file_text(StoreKind::kEntity, data);
  std::string signature_file = *sign_document(StoreKind::kEntity, data, admin, 1'700'000'000);
  std::vector<jose::Jwk> keys{admin.public_only()};
};

TEST(StoreSignedDocument, SignedDocumentVerifies) {
  Fixture f;
  auto doc = verify_document(StoreKind::kEntity, f.data_file, f.signature_file, f.keys);
  ASSERT_TRUE(doc) << doc.error().to_string();
  EXPECT_EQ(doc->issued_at, 1'700'000'000);
  EXPECT_EQ(doc->kid, "admin-key");
  EXPECT_EQ(doc->data, f.data);
  EXPECT_EQ(doc->hash.substr(0, 2), "0x");
  EXPECT_EQ(doc->hash.size(), 66u);
}

TEST(StoreSignedDocument, WrongKindIsInvalid) {
  Fixture f;
  auto doc = verify_document(StoreKind::kPolicy, f.data_file, f.signature_file, f.keys);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code(), ErrorCode::kStoreInvalid);
}

TEST(StoreSignedDocument, EveryByteOfDataIsProtected) {
  Fixture f;
  std::string compact = data_file_text(StoreKind::kEntity, f.data);
  int refused = 0;
  for (std::size_t i = 0; i < compact.size(); ++i) {
    std::string tampered = compact;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto doc = verify_document(StoreKind::kEntity, tampered, f.signature_file, f.keys);
    if (doc) {
      // Only layout bytes may change without changing the data (e.g. a space into '!'-free spots
      // cannot occur; newline 0x0a ^ 1 = 0x0b is not JSON whitespace), so acceptance must mean
      // the very same data.
      EXPECT_EQ(doc->data, f.data) << "byte " << i;
    } else {
      ++refused;
      EXPECT_TRUE(doc.error().code() == ErrorCode::kStoreSignature ||
                  doc.error().code() == ErrorCode::kStoreInvalid)
          << doc.error().to_string();
    }
  }
  EXPECT_GT(refused, static_cast<int>(compact.size()) / 2);
}

TEST(StoreSignedDocument, ChangedValueIsASignatureError) {
  Fixture f;
  json::Value other = f.data;
  other.find("users")->as_array()[1].set("role", json::Value("admin"));
  auto doc = verify_document(StoreKind::kEntity, data_file_text(StoreKind::kEntity, other),
                             f.signature_file, f.keys);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code(), ErrorCode::kStoreSignature);
}

TEST(StoreSignedDocument, EveryByteOfSignatureIsProtected) {
  Fixture f;
  auto token = json::parse(f.signature_file)->find("entity")->find("signature")->as_string();
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    std::string file = R"({"entity":{"signature":")" + tampered + R"("}})";
    auto doc = verify_document(StoreKind::kEntity, f.data_file, file, f.keys);
    // Base64url's last character may carry unused bits; a strict decoder refuses those changes too.
    ASSERT_FALSE(doc) << "byte " << i;
    EXPECT_EQ(doc.error().code(), ErrorCode::kStoreSignature) << doc.error().to_string();
  }
}

TEST(StoreSignedDocument, KeyIsChosenByKidFromConfiguredKeysOnly) {
  Fixture f;
  // Another key under the same kid: the signature does not verify.
  std::vector<jose::Jwk> impostor{make_key(2, "admin-key").public_only()};
  auto a = verify_document(StoreKind::kEntity, f.data_file, f.signature_file, impostor);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code(), ErrorCode::kStoreSignature);
  // The right key under another kid: the kid is unknown.
  std::vector<jose::Jwk> renamed{make_key(1, "other-kid").public_only()};
  auto b = verify_document(StoreKind::kEntity, f.data_file, f.signature_file, renamed);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code(), ErrorCode::kStoreSignature);
  EXPECT_NE(b.error().message().find("admin-key"), std::string::npos);
  // Signed by a key that is not configured at all.
  auto stranger = make_key(3, "admin-key");
  auto file = *sign_document(StoreKind::kEntity, f.data, stranger, 1'700'000'000);
  auto c = verify_document(StoreKind::kEntity, f.data_file, file, f.keys);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code(), ErrorCode::kStoreSignature);
}

TEST(StoreSignedDocument, ConfigRefusesBadSourcesAndKeys) {
  std::string key = json::serialize(make_key(1, "k1").public_only().to_json());
  auto ok = parse_store_config_text(R"({"data":{"type":"FILE","url":"file:///tmp/d.json"},
      "signature":{"type":"HTTPS","url":"https://example.com/s.json","headers":{"x-api-key":"1"}},
      "keys":[)" + key + "]}");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->signature.type, SourceType::kHttps);
  EXPECT_EQ(file_path(ok->data), "/tmp/d.json");
  ASSERT_EQ(ok->signature.headers.size(), 1u);
  for (
      std::string bad :
      {R"({"data":{"type":"FTP","url":"x"},"signature":{"type":"FILE","url":"s"},"keys":[@K@]})",
       R"({"data":{"type":"HTTPS","url":"http://x"},"signature":{"type":"FILE","url":"s"},"keys":[@K@]})",
       R"({"data":{"type":"FILE","url":"d"},"signature":{"type":"FILE","url":"s"},"keys":[]})",
       R"({"data":{"type":"FILE","url":"d"},"signature":{"type":"FILE","url":"s"},"keys":[@K@,@K@]})",
       R"({"data":{"type":"FILE","url":"d"},"signature":{"type":"FILE","url":"s"},"keys":[{"kty":"OKP"}]})",
       R"({"data":{"type":"FILE","url":"d"},"keys":[@K@]})"}) {
    for (auto pos = bad.find("@K@"); pos != std::string::npos; pos = bad.find("@K@")) {
      bad.replace(pos, 3, key);
    }
    auto config = parse_store_config_text(bad);
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(config.error().code(), ErrorCode::kStoreInvalid) << bad;
  }
}

// A fetcher serving documents from memory, for the loader.
class MapFetcher : public Fetcher {
 public:
  std::map<std::string, std::string> files;
  Result<std::string> fetch(const Source& source) const override {
    auto it = files.find(source.url);
    if (it == files.end()) return fail(ErrorCode::kStoreFetch, "no " + source.url);
    return it->second;
  }
};

struct Counter {
  int n;
};

TEST(StoreLoader, RollbackIsRefusedAndLastGoodVersionStays) {
  Fixture f;
  StoreConfig config;
  config.data = Source{SourceType::kFile, "data", {}};
  config.signature = Source{SourceType::kFile, "sig", {}};
  config.keys = f.keys;
  MapFetcher fetcher;
  VersionedStore<Counter> store;
  auto build = [](const json::Value& data) -> Result<std::shared_ptr<const Counter>> {
    return std::make_shared<const Counter>(
        Counter{static_cast<int>(data.find("users")->as_array().size())});
  };
  auto admin = f.admin;
  auto publish = [&](const json::Value& data, std::int64_t iat) {
    fetcher.files["data"] = data_file_text(StoreKind::kEntity, data);
    fetcher.files["sig"] = *sign_document(StoreKind::kEntity, data, admin, iat);
  };
  publish(f.data, 100);
  auto v1 = fetch_document(StoreKind::kEntity, config, fetcher);
  ASSERT_TRUE(v1) << v1.error().to_string();
  ASSERT_TRUE(store.offer(*v1, build).value());
  EXPECT_EQ(store.current()->n, 2);

  json::Value three = f.data;
  three.find("users")->as_array().push_back(*json::parse(R"({"id":"carol","role":"member"})"));
  publish(three, 200);
  auto v2 = fetch_document(StoreKind::kEntity, config, fetcher);
  ASSERT_TRUE(v2);
  ASSERT_TRUE(store.offer(*v2, build).value());
  EXPECT_EQ(store.current()->n, 3);
  EXPECT_EQ(store.issued_at(), 200);

  // Replaying version 1 (validly signed, older) is a rollback.
  auto replay = store.offer(*v1, build);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code(), ErrorCode::kStoreRollback);
  EXPECT_EQ(store.current()->n, 3);
  // Same iat, different data: refused too. Same iat and data: a no-op.
  publish(f.data, 200);
  auto same_iat = store.offer(*fetch_document(StoreKind::kEntity, config, fetcher), build);
  ASSERT_FALSE(same_iat);
  EXPECT_EQ(same_iat.error().code(), ErrorCode::kStoreRollback);
  EXPECT_EQ(store.offer(*v2, build).value(), false);

  // A tampered newer version never reaches the builder; the good version stays.
  publish(f.data, 300);
  fetcher.files["data"] = data_file_text(StoreKind::kEntity, three);
  auto tampered = fetch_document(StoreKind::kEntity, config, fetcher);
  ASSERT_FALSE(tampered);
  EXPECT_EQ(tampered.error().code(), ErrorCode::kStoreSignature);
  EXPECT_EQ(store.current()->n, 3);

  // A builder failure (invalid entities) keeps the current version too.
  publish(f.data, 400);
  auto v4 = fetch_document(StoreKind::kEntity, config, fetcher);
  ASSERT_TRUE(v4);
  auto refused = store.offer(*v4, [](const json::Value&) -> Result<std::shared_ptr<const Counter>> {
    return fail(ErrorCode::kStoreInvalid, "bad entities");
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(store.current()->n, 3);
  EXPECT_EQ(store.issued_at(), 200);

  // A missing document is a fetch error.
  fetcher.files.erase("sig");
  auto missing = fetch_document(StoreKind::kEntity, config, fetcher);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kStoreFetch);
}

TEST(StoreLoader, FileFetcherReadsRelativePathsAndCapsSize) {
  auto dir =
      std::filesystem::temp_directory_path() / ("custos-store-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "d.json") << "0123456789"; }
  FileFetcher fetcher(dir.string());
  auto ok = fetcher.fetch(Source{SourceType::kFile, "d.json", {}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "0123456789");
  auto url = fetcher.fetch(Source{SourceType::kFile, "file://" + (dir / "d.json").string(), {}});
  ASSERT_TRUE(url);
  FileFetcher tiny(dir.string(), 5);
  auto big = tiny.fetch(Source{SourceType::kFile, "d.json", {}});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), ErrorCode::kStoreFetch);
  auto http = fetcher.fetch(Source{SourceType::kHttps, "https://x/", {}});
  ASSERT_FALSE(http);
  EXPECT_EQ(http.error().code(), ErrorCode::kStoreFetch);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace custos::store
