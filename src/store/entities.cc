#include "store/entities.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace custos::store {
namespace {

Error invalid(std::string message) {
  return Error(ErrorCode::kStoreInvalid, "entities: " + std::move(message));
}

const json::Array kEmpty;

// The array `name` of `data` (empty when absent). Error when present and not an array of objects.
Result<const json::Array*> collection(const json::Value& data, std::string_view name) {
  const json::Value* value = data.find(name);
  if (!value || value->is_null()) return &kEmpty;
  if (!value->is_array()) return fail(invalid(std::string(name) + " must be an array"));
  for (std::size_t i = 0; i < value->as_array().size(); ++i) {
    if (!value->as_array()[i].is_object()) {
      return fail(invalid(std::string(name) + "[" + std::to_string(i) + "] must be an object"));
    }
  }
  return &value->as_array();
}

std::string where(std::string_view name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

Result<std::string> string_member(const json::Value& item, std::string_view key,
                                  std::string_view name, std::size_t i) {
  const json::Value* value = item.find(key);
  if (!value || !value->is_string() || value->as_string().empty()) {
    return fail(invalid(where(name, i) + "." + std::string(key) + " must be a non-empty string"));
  }
  return value->as_string();
}

// Indexes a collection by lower-cased id, refusing duplicates. Fills `ids`.
Result<json::Value> index_by_id(const json::Array& items, std::string_view name,
                                std::unordered_set<std::string>& ids) {
  json::Object out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    CUSTOS_TRY_ASSIGN(std::string id, string_member(items[i], "id", name, i));
    std::string key = to_lower(id);
    if (!ids.insert(key).second) return fail(invalid(where(name, i) + ": duplicate id " + id));
    out.emplace_back(std::move(key), items[i]);
  }
  return json::Value(std::move(out));
}

struct Group {
  std::string id;
  json::Array users, accounts;
};

}  // namespace

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Result<std::shared_ptr<const Entities>> Entities::load(const json::Value& data) {
  if (!data.is_object()) return fail(invalid("data must be a JSON object"));
  static const std::unordered_set<std::string_view> kKnown = {"version",
                                                              "users",
                                                              "credentials",
                                                              "accounts",
                                                              "userAccounts",
                                                              "groups",
                                                              "groupMembers",
                                                              "userGroups",
                                                              "userGroupMembers",
                                                              "accountGroups",
                                                              "accountGroupMembers",
                                                              "addressBook",
                                                              "tokens"};
  for (const auto& [name, value] : data.as_object()) {
    if (!kKnown.count(name)) return fail(invalid("unknown collection '" + name + "'"));
  }
  std::shared_ptr<Entities> out(new Entities());

  // Users.
  std::unordered_set<std::string> user_ids, account_ids, address_ids, token_ids, credential_ids;
  CUSTOS_TRY_ASSIGN(const json::Array* users, collection(data, "users"));
  for (std::size_t i = 0; i < users->size(); ++i) {
    CUSTOS_TRY_ASSIGN(std::string role, string_member((*users)[i], "role", "users", i));
    if (role != "root" && role != "admin" && role != "member" && role != "manager") {
      return fail(invalid(where("users", i) + ".role '" + role +
                          "' is not root, admin, member or manager"));
    }
  }
  CUSTOS_TRY_ASSIGN(json::Value user_index, index_by_id(*users, "users", user_ids));
  out->user_count_ = users->size();

  // Credentials: the key must parse and its kid must be the credential id.
  CUSTOS_TRY_ASSIGN(const json::Array* credentials, collection(data, "credentials"));
  for (std::size_t i = 0; i < credentials->size(); ++i) {
    const json::Value& item = (*credentials)[i];
    CUSTOS_TRY_ASSIGN(std::string id, string_member(item, "id", "credentials", i));
    CUSTOS_TRY_ASSIGN(std::string user_id, string_member(item, "userId", "credentials", i));
    std::string key_id = to_lower(id);
    if (!credential_ids.insert(key_id).second)
      return fail(invalid(where("credentials", i) + ": duplicate id " + id));
    if (!user_ids.count(to_lower(user_id))) {
      return fail(invalid(where("credentials", i) + ".userId " + user_id + " is not a user"));
    }
    const json::Value* key_json = item.find("key");
    if (!key_json) return fail(invalid(where("credentials", i) + " has no key"));
    auto key = jose::Jwk::parse(*key_json);
    if (!key)
      return fail(
          invalid(where("credentials", i) + ".key is not a valid JWK").with_detail(key.error()));
    if (to_lower(key->kid()) != key_id) {
      return fail(invalid(where("credentials", i) + ": id " + id + " differs from the key's kid '" +
                          key->kid() + "'"));
    }
    out->credentials_.emplace(key_id, Credential{id, user_id, key->public_only()});
  }

  // Accounts, with their assignees.
  CUSTOS_TRY_ASSIGN(const json::Array* accounts, collection(data, "accounts"));
  for (std::size_t i = 0; i < accounts->size(); ++i) {
    CUSTOS_TRY(string_member((*accounts)[i], "address", "accounts", i));
    CUSTOS_TRY(string_member((*accounts)[i], "accountType", "accounts", i));
  }
  CUSTOS_TRY_ASSIGN(json::Value account_index, index_by_id(*accounts, "accounts", account_ids));
  std::unordered_map<std::string, json::Array> assignees;
  CUSTOS_TRY_ASSIGN(const json::Array* user_accounts, collection(data, "userAccounts"));
  for (std::size_t i = 0; i < user_accounts->size(); ++i) {
    CUSTOS_TRY_ASSIGN(std::string user_id,
                      string_member((*user_accounts)[i], "userId", "userAccounts", i));
    CUSTOS_TRY_ASSIGN(std::string account_id,
                      string_member((*user_accounts)[i], "accountId", "userAccounts", i));
    if (!user_ids.count(to_lower(user_id)))
      return fail(invalid(where("userAccounts", i) + ".userId " + user_id + " is not a user"));
    if (!account_ids.count(to_lower(account_id))) {
      return fail(
          invalid(where("userAccounts", i) + ".accountId " + account_id + " is not an account"));
    }
    assignees[to_lower(account_id)].push_back(json::Value(user_id));
  }
  for (auto& [key, account] : account_index.as_object()) {
    auto it = assignees.find(key);
    account.set("assignees",
                json::Value(it == assignees.end() ? json::Array{} : std::move(it->second)));
  }

  // Groups: declared in groups / userGroups / accountGroups; members may only join declared groups
  // when any group is declared, otherwise membership declares the group (reference v1 data).
  std::vector<std::string> group_order;
  std::unordered_map<std::string, Group> groups;
  bool declared = false;
  for (std::string_view name : {"groups", "userGroups", "accountGroups"}) {
    CUSTOS_TRY_ASSIGN(const json::Array* list, collection(data, name));
    for (std::size_t i = 0; i < list->size(); ++i) {
      declared = true;
      CUSTOS_TRY_ASSIGN(std::string id, string_member((*list)[i], "id", name, i));
      std::string key = to_lower(id);
      if (groups.count(key)) return fail(invalid(where(name, i) + ": duplicate group id " + id));
      groups.emplace(key, Group{id, {}, {}});
      group_order.push_back(key);
    }
  }
  struct MemberList {
    std::string_view name;
    bool users_allowed, accounts_allowed;
  };
  for (const MemberList& list :
       {MemberList{"groupMembers", true, true}, MemberList{"userGroupMembers", true, false},
        MemberList{"accountGroupMembers", false, true}}) {
    CUSTOS_TRY_ASSIGN(const json::Array* members, collection(data, list.name));
    for (std::size_t i = 0; i < members->size(); ++i) {
      const json::Value& item = (*members)[i];
      CUSTOS_TRY_ASSIGN(std::string group_id, string_member(item, "groupId", list.name, i));
      std::string key = to_lower(group_id);
      auto it = groups.find(key);
      if (it == groups.end()) {
        if (declared)
          return fail(invalid(where(list.name, i) + ".groupId " + group_id + " is not a group"));
        it = groups.emplace(key, Group{group_id, {}, {}}).first;
        group_order.push_back(key);
      }
      const json::Value* user_id = item.find("userId");
      const json::Value* account_id = item.find("accountId");
      if ((user_id != nullptr) == (account_id != nullptr)) {
        return fail(invalid(where(list.name, i) + " needs exactly one of userId and accountId"));
      }
      if (user_id) {
        if (!list.users_allowed || !user_id->is_string() ||
            !user_ids.count(to_lower(user_id->as_string()))) {
          return fail(invalid(where(list.name, i) + ".userId is not a user"));
        }
        it->second.users.push_back(*user_id);
      } else {
        if (!list.accounts_allowed || !account_id->is_string() ||
            !account_ids.count(to_lower(account_id->as_string()))) {
          return fail(invalid(where(list.name, i) + ".accountId is not an account"));
        }
        it->second.accounts.push_back(*account_id);
      }
    }
  }
  json::Object group_index, user_group_index, account_group_index;
  for (const std::string& key : group_order) {
    const Group& g = groups.at(key);
    group_index.emplace_back(key, json::Value::object({{"id", json::Value(g.id)},
                                                       {"users", json::Value(g.users)},
                                                       {"accounts", json::Value(g.accounts)}}));
    user_group_index.emplace_back(
        key, json::Value::object({{"id", json::Value(g.id)}, {"users", json::Value(g.users)}}));
    account_group_index.emplace_back(
        key,
        json::Value::object({{"id", json::Value(g.id)}, {"accounts", json::Value(g.accounts)}}));
  }

  // Address book and tokens.
  CUSTOS_TRY_ASSIGN(const json::Array* address_book, collection(data, "addressBook"));
  for (std::size_t i = 0; i < address_book->size(); ++i) {
    CUSTOS_TRY(string_member((*address_book)[i], "address", "addressBook", i));
    CUSTOS_TRY(string_member((*address_book)[i], "classification", "addressBook", i));
    const json::Value* chain = (*address_book)[i].find("chainId");
    if (!chain || !chain->is_number())
      return fail(invalid(where("addressBook", i) + ".chainId must be a number"));
  }
  CUSTOS_TRY_ASSIGN(json::Value address_index,
                    index_by_id(*address_book, "addressBook", address_ids));
  CUSTOS_TRY_ASSIGN(const json::Array* tokens, collection(data, "tokens"));
  for (std::size_t i = 0; i < tokens->size(); ++i) {
    CUSTOS_TRY(string_member((*tokens)[i], "address", "tokens", i));
  }
  CUSTOS_TRY_ASSIGN(json::Value token_index, index_by_id(*tokens, "tokens", token_ids));

  json::Object entities;
  entities.emplace_back("users", std::move(user_index));
  entities.emplace_back("accounts", std::move(account_index));
  entities.emplace_back("groups", json::Value(std::move(group_index)));
  entities.emplace_back("userGroups", json::Value(std::move(user_group_index)));
  entities.emplace_back("accountGroups", json::Value(std::move(account_group_index)));
  entities.emplace_back("addressBook", std::move(address_index));
  entities.emplace_back("tokens", std::move(token_index));
  out->index_ = json::Value(std::move(entities));
  return std::shared_ptr<const Entities>(std::move(out));
}

const Credential* Entities::credential(std::string_view id) const {
  auto it = credentials_.find(to_lower(id));
  return it == credentials_.end() ? nullptr : &it->second;
}

const json::Value* Entities::user(std::string_view id) const {
  const json::Value* users = index_.find("users");
  return users ? users->find(to_lower(id)) : nullptr;
}

}  // namespace custos::store
