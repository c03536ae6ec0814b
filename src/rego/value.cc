// Rego values: construction, ordering, hashing, text and JSON conversion.

#include "rego/value.h"

#include <algorithm>
#include <cassert>

#include "json/json.h"
#include "rego/number_access.h"

namespace custos::rego {

namespace {

using Items = std::vector<Value>;
using Entries = std::vector<ObjectEntry>;

template <typename T>
const T& rep_as(const std::shared_ptr<const void>& rep) {
  return *static_cast<const T*>(rep.get());
}

const std::string& empty_string() {
  static const std::string* s = new std::string();
  return *s;
}

}  // namespace

Value::Value(Number n) : kind_(Kind::kNumber), num_repr_(n.repr()) {
  switch (n.repr()) {
    case Number::Repr::kInt: int_ = *n.to_int64(); break;
    case Number::Repr::kFloat:
      float_ = NumberAccess::float_value(n);
      rep_ = NumberAccess::big_ptr(n);
      break;
    case Number::Repr::kBig: rep_ = NumberAccess::big_ptr(n); break;
  }
}

Value::Value(std::string s)
    : kind_(Kind::kString), rep_(std::make_shared<const std::string>(std::move(s))) {}

Value Value::array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kArray;
  v.rep_ = std::make_shared<const Items>(std::move(items));
  return v;
}

Value Value::object(std::vector<ObjectEntry> entries) {
  auto key_less = [](const ObjectEntry& a, const ObjectEntry& b) { return a.first < b.first; };
  if (entries.size() <= 16) {
    // Small objects (the common case): a stable insertion sort, without stable_sort's buffer.
    for (std::size_t i = 1; i < entries.size(); ++i) {
      if (!key_less(entries[i], entries[i - 1])) continue;
      ObjectEntry moving = std::move(entries[i]);
      std::size_t j = i;
      for (; j > 0 && key_less(moving, entries[j - 1]); --j) entries[j] = std::move(entries[j - 1]);
      entries[j] = std::move(moving);
    }
  } else {
    std::stable_sort(entries.begin(), entries.end(), key_less);
  }
  // Keep the last of equal keys (in place).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (kept > 0 && entries[kept - 1].first == entries[i].first) {
      entries[kept - 1].second = std::move(entries[i].second);
    } else {
      if (kept != i) entries[kept] = std::move(entries[i]);
      ++kept;
    }
  }
  entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(kept), entries.end());
  return object_sorted(std::move(entries));
}

Value Value::set(std::vector<Value> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return set_sorted(std::move(items));
}

Value Value::object_sorted(std::vector<ObjectEntry> entries) {
  Value v;
  v.kind_ = Kind::kObject;
  v.rep_ = std::make_shared<const Entries>(std::move(entries));
  return v;
}

Value Value::set_sorted(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kSet;
  v.rep_ = std::make_shared<const Items>(std::move(items));
  return v;
}

Number Value::as_number() const {
  assert(kind_ == Kind::kNumber);
  return NumberAccess::from_parts(num_repr_, num_repr_ == Number::Repr::kInt ? int_ : 0,
                                  num_repr_ == Number::Repr::kFloat ? float_ : 0, rep_);
}

const std::string& Value::as_string() const {
  assert(kind_ == Kind::kString);
  return rep_ ? rep_as<std::string>(rep_) : empty_string();
}

std::span<const Value> Value::as_array() const {
  assert(kind_ == Kind::kArray);
  return rep_as<Items>(rep_);
}

std::span<const ObjectEntry> Value::as_object() const {
  assert(kind_ == Kind::kObject);
  return rep_as<Entries>(rep_);
}

std::span<const Value> Value::as_set() const {
  assert(kind_ == Kind::kSet);
  return rep_as<Items>(rep_);
}

std::size_t Value::size() const {
  switch (kind_) {
    case Kind::kString: return as_string().size();
    case Kind::kArray:
    case Kind::kSet: return rep_as<Items>(rep_).size();
    case Kind::kObject: return rep_as<Entries>(rep_).size();
    default: return 0;
  }
}

const Value* Value::find(const Value& key) const {
  if (kind_ != Kind::kObject) return nullptr;
  const auto& e = rep_as<Entries>(rep_);
  auto it = std::lower_bound(e.begin(), e.end(), key,
                             [](const ObjectEntry& a, const Value& k) { return a.first < k; });
  if (it != e.end() && it->first == key) return &it->second;
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  const auto& e = rep_as<Entries>(rep_);
  if (e.size() <= 8) {
    // Small objects (most documents' members): an equality scan, length first, is cheaper than
    // a binary search's ordered string comparisons.
    for (const auto& [k, v] : e) {
      if (k.kind_ != Kind::kString) continue;
      const std::string& s = k.as_string();
      if (s.size() == key.size() &&
          std::char_traits<char>::compare(s.data(), key.data(), key.size()) == 0) {
        return &v;
      }
    }
    return nullptr;
  }
  // String keys sort after null/bool/number keys and before composite keys.
  auto it = std::lower_bound(e.begin(), e.end(), key, [](const ObjectEntry& a, std::string_view k) {
    if (a.first.kind_ != Kind::kString) return a.first.kind_ < Kind::kString;
    return std::string_view(a.first.as_string()) < k;
  });
  if (it != e.end() && it->first.kind_ == Kind::kString && it->first.as_string() == key) {
    return &it->second;
  }
  return nullptr;
}

bool Value::contains(const Value& item) const {
  if (kind_ != Kind::kSet) return false;
  const auto& s = rep_as<Items>(rep_);
  return std::binary_search(s.begin(), s.end(), item);
}

const Value* Value::at(std::size_t index) const {
  if (kind_ != Kind::kArray) return nullptr;
  const auto& a = rep_as<Items>(rep_);
  return index < a.size() ? &a[index] : nullptr;
}

std::string_view Value::kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kObject: return "object";
    case Kind::kSet: return "set";
  }
  return "unknown";
}

std::string_view Value::type_name() const { return kind_name(kind_); }

int Value::compare(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return a.kind_ < b.kind_ ? -1 : 1;
  switch (a.kind_) {
    case Kind::kNull: return 0;
    case Kind::kBool: return a.bool_ == b.bool_ ? 0 : (a.bool_ ? 1 : -1);
    case Kind::kNumber:
      if (a.num_repr_ == Number::Repr::kInt && b.num_repr_ == Number::Repr::kInt) {
        return a.int_ < b.int_ ? -1 : (a.int_ > b.int_ ? 1 : 0);
      }
      return Number::compare(a.as_number(), b.as_number());
    case Kind::kString: {
      if (a.rep_ == b.rep_) return 0;
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kArray:
    case Kind::kSet: {
      if (a.rep_ == b.rep_) return 0;
      const auto& x = rep_as<Items>(a.rep_);
      const auto& y = rep_as<Items>(b.rep_);
      std::size_t n = std::min(x.size(), y.size());
      for (std::size_t i = 0; i < n; ++i) {
        int c = compare(x[i], y[i]);
        if (c != 0) return c;
      }
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    case Kind::kObject: {
      if (a.rep_ == b.rep_) return 0;
      const auto& x = rep_as<Entries>(a.rep_);
      const auto& y = rep_as<Entries>(b.rep_);
      std::size_t n = std::min(x.size(), y.size());
      for (std::size_t i = 0; i < n; ++i) {
        int c = compare(x[i].first, y[i].first);
        if (c != 0) return c;
        c = compare(x[i].second, y[i].second);
        if (c != 0) return c;
      }
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
  }
  return 0;
}

std::size_t Value::hash() const {
  auto mix = [](std::size_t h, std::size_t v) {
    return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  };
  std::size_t h = static_cast<std::size_t>(kind_) * 0x100000001b3ULL;
  switch (kind_) {
    case Kind::kNull: return h;
    case Kind::kBool: return mix(h, bool_ ? 1 : 2);
    case Kind::kNumber:
      if (num_repr_ == Number::Repr::kInt) return mix(h, std::hash<std::int64_t>()(int_));
      return mix(h, as_number().hash());
    case Kind::kString: return mix(h, std::hash<std::string>()(as_string()));
    case Kind::kArray:
    case Kind::kSet:
      for (const auto& v : rep_as<Items>(rep_)) h = mix(h, v.hash());
      return h;
    case Kind::kObject:
      for (const auto& [k, v] : rep_as<Entries>(rep_)) h = mix(mix(h, k.hash()), v.hash());
      return h;
  }
  return h;
}

namespace {

void append_text(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: out += "null"; return;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::kNumber: out += v.as_number().to_string(); return;
    case Value::Kind::kString: json::append_quoted(out, v.as_string()); return;
    case Value::Kind::kArray: {
      out += '[';
      bool first = true;
      for (const auto& e : v.as_array()) {
        if (!first) out += ", ";
        first = false;
        append_text(out, e);
      }
      out += ']';
      return;
    }
    case Value::Kind::kSet: {
      if (v.size() == 0) {
        out += "set()";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& e : v.as_set()) {
        if (!first) out += ", ";
        first = false;
        append_text(out, e);
      }
      out += '}';
      return;
    }
    case Value::Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as_object()) {
        if (!first) out += ", ";
        first = false;
        append_text(out, k);
        out += ": ";
        append_text(out, e);
      }
      out += '}';
      return;
    }
  }
}

void newline(std::string& out, bool pretty, int indent) {
  if (!pretty) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * 2, ' ');
}

}  // namespace

std::string Value::to_string() const {
  std::string out;
  append_text(out, *this);
  return out;
}

void Value::append_json(std::string& out, bool pretty, int indent) const {
  switch (kind_) {
    case Kind::kNull:
    case Kind::kBool:
    case Kind::kNumber:
    case Kind::kString: append_text(out, *this); return;
    case Kind::kArray:
    case Kind::kSet: {
      const auto& items = rep_as<Items>(rep_);
      out += '[';
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        newline(out, pretty, indent + 1);
        items[i].append_json(out, pretty, indent + 1);
      }
      if (!items.empty()) newline(out, pretty, indent);
      out += ']';
      return;
    }
    case Kind::kObject: {
      const auto& entries = rep_as<Entries>(rep_);
      out += '{';
      for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i) out += ',';
        newline(out, pretty, indent + 1);
        const auto& k = entries[i].first;
        if (k.is_string()) {
          json::append_quoted(out, k.as_string());
        } else {
          json::append_quoted(out, k.to_json());
        }
        out += pretty ? ": " : ":";
        entries[i].second.append_json(out, pretty, indent + 1);
      }
      if (!entries.empty()) newline(out, pretty, indent);
      out += '}';
      return;
    }
  }
}

std::string Value::to_json(bool pretty) const {
  std::string out;
  append_json(out, pretty, 0);
  return out;
}

Value Value::from_json(const json::Value& j) {
  switch (j.type()) {
    case json::Type::kNull: return Value();
    case json::Type::kBool: return Value(j.as_bool());
    case json::Type::kNumber: {
      auto n = Number::parse(j.as_number().text());
      return n ? Value(*n) : Value(Number::from_double(j.as_number().to_double()).value_or(0));
    }
    case json::Type::kString: return Value(j.as_string());
    case json::Type::kArray: {
      std::vector<Value> items;
      items.reserve(j.as_array().size());
      for (const auto& e : j.as_array()) items.push_back(from_json(e));
      return array(std::move(items));
    }
    case json::Type::kObject: {
      std::vector<ObjectEntry> entries;
      entries.reserve(j.as_object().size());
      for (const auto& [k, e] : j.as_object()) entries.emplace_back(Value(k), from_json(e));
      return object(std::move(entries));
    }
  }
  return Value();
}

json::Value Value::to_json_value() const {
  switch (kind_) {
    case Kind::kNull: return json::Value();
    case Kind::kBool: return json::Value(bool_);
    case Kind::kNumber: {
      auto n = json::Number::parse(as_number().to_string());
      return n ? json::Value(*n) : json::Value();
    }
    case Kind::kString: return json::Value(as_string());
    case Kind::kArray:
    case Kind::kSet: {
      json::Array a;
      for (const auto& e : rep_as<Items>(rep_)) a.push_back(e.to_json_value());
      return json::Value(std::move(a));
    }
    case Kind::kObject: {
      json::Object o;
      for (const auto& [k, e] : rep_as<Entries>(rep_)) {
        o.emplace_back(k.is_string() ? k.as_string() : k.to_json(), e.to_json_value());
      }
      return json::Value(std::move(o));
    }
  }
  return json::Value();
}

Result<Value> Value::parse_json(std::string_view text) {
  CUSTOS_TRY_ASSIGN(auto j, json::parse(text));
  return from_json(j);
}

}  // namespace custos::rego
