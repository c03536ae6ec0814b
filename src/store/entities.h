#pragma once
// Entities of an organisation (the reference's entity store data), validated and indexed.
//
// Accepted collections (each an array of objects; ids compared case-insensitively):
//   users {id, role: root|admin|member|manager}, credentials {id, userId, key: JWK},
//   accounts {id, address, accountType, chainId?}, userAccounts {userId, accountId},
//   groups {id}, groupMembers {groupId, userId | accountId},
//   userGroups {id} / userGroupMembers {groupId, userId},           (reference v1 spelling)
//   accountGroups {id} / accountGroupMembers {groupId, accountId},  (reference v1 spelling)
//   addressBook {id, address, chainId, classification}, tokens {id, address, chainId, …}
// plus an optional "version". Anything else is refused (a typo must not silently drop a rule).
//
// The Rego view (data.entities) follows the reference: every collection becomes an object keyed
// by the lower-cased id; accounts gain "assignees" (user ids); groups become
// {id, users: [...], accounts: [...]} under "groups", and also under "userGroups" / "accountGroups"
// ({id, users} / {id, accounts}).
// Immutable after loading; safe to share between threads.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "jose/jwk.h"
#include "json/value.h"

namespace custos::store {

struct Credential {
  std::string id;       // as written
  std::string user_id;  // as written
  jose::Jwk key;        // public part only
};

class Entities {
 public:
  // Validates `data` and builds the index. Error: kStoreInvalid naming the collection, the index
  // and the rule broken (duplicate id, dangling reference, credential id ≠ key kid, bad key, …).
  static Result<std::shared_ptr<const Entities>> load(const json::Value& data);

  // data.entities for Rego.
  const json::Value& rego_data() const { return index_; }
  // A credential by id (case-insensitive); nullptr when unknown.
  const Credential* credential(std::string_view id) const;
  // A user object ({id, role, …}) by id (case-insensitive); nullptr when unknown.
  const json::Value* user(std::string_view id) const;
  std::size_t user_count() const { return user_count_; }

 private:
  Entities() = default;
  json::Value index_;
  std::unordered_map<std::string, Credential> credentials_;
  std::size_t user_count_ = 0;
};

// ASCII lower case (ids, addresses).
std::string to_lower(std::string_view text);

}  // namespace custos::store
