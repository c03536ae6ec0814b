// The evaluator, part 2: references, the data tree (base + virtual documents), rules
// (complete, partial set, partial object, else chains, defaults, memoization), functions, and
// the query driver.

#include <algorithm>

#include "rego/eval.h"

namespace custos::rego {

Evaluator::Evaluator(const PolicyImpl& policy, const EvalOptions& options)
    : p_(policy), opt_(options) {
  if (options.input) input_ = *options.input;
  const Clock* clock = options.clock ? options.clock : &SystemClock::instance();
  bctx_.clock = clock;
  bctx_.now_unix_nanos = options.now_unix_nanos ? *options.now_unix_nanos : clock->unix_nanos();
  bctx_.rng = options.rng;
  bctx_.strict = options.strict_builtin_errors;
  bctx_.cache = &cache_;
  bctx_.cancel = options.cancel;
  bctx_.print = options.print;
  bctx_.capabilities = options.capabilities;
  if (options.timeout) {
    has_deadline_ = true;
    deadline_ = std::chrono::steady_clock::now() + *options.timeout;
  }
}

// ---- references ---------------------------------------------------------------------------

namespace {

// Element of a collection by key: array index, object member, set element.
const Value* lookup(const Value& coll, const Value& key) {
  switch (coll.kind()) {
    case Value::Kind::kArray: {
      if (!key.is_number()) return nullptr;
      auto i = key.as_number().to_int64();
      if (!i || *i < 0) return nullptr;
      return coll.at(static_cast<std::size_t>(*i));
    }
    case Value::Kind::kObject:
      return key.is_string() ? coll.find(std::string_view(key.as_string())) : coll.find(key);
    case Value::Kind::kSet: {
      auto items = coll.as_set();
      auto it = std::lower_bound(items.begin(), items.end(), key);
      if (it != items.end() && *it == key) return &*it;
      return nullptr;
    }
    default: return nullptr;
  }
}

bool is_pattern(const Term& t) {
  return t.kind == TermKind::kVar ||
         ((t.kind == TermKind::kArray || t.kind == TermKind::kObject) && !t.ground);
}

// Sets `v` at `path[i..]` inside `cur` (objects created as needed).
Value patch(const Value& cur, const std::vector<std::string>& path, std::size_t i, const Value& v) {
  if (i == path.size()) return v;
  std::vector<ObjectEntry> es;
  if (cur.is_object()) es.assign(cur.as_object().begin(), cur.as_object().end());
  const Value* child = cur.find(path[i]);
  es.emplace_back(Value(path[i]), patch(child ? *child : Value::object({}), path, i + 1, v));
  return Value::object(std::move(es));
}

}  // namespace

bool Evaluator::eval_ref(const Term& t, VCont k) {
  switch (t.root) {
    case RefRoot::kInput:
      if (!input_) return true;
      {
        Value in = *input_;
        return walk(in, t, 1, k);
      }
    case RefRoot::kData:
      // Folded at compile time (optimize.h): the base document is read in place, or the walk
      // starts at the rule-tree node, unless a `with data…` override could change them.
      if (data_overrides_.empty()) {
        if (t.base_value) return walk(*t.base_value, t, t.folded_next, k, true);
        if (t.data_node) return walk_node(*t.data_node, t, t.folded_next, k);
      }
      return walk_node(p_.root, t, 1, k);
    default: {
      const Term& head = *t.items[0];
      if (head.kind == TermKind::kVar) {
        if (!bound(head.slot)) {
          return fail_at(head, ErrorCode::kRegoUnsafeVar, "var " + head.name + " is unsafe");
        }
        Value v = slot(head.slot);
        return walk(v, t, 1, k);
      }
      return eval_term(head, [&](const Value& v) { return walk(v, t, 1, k); });
    }
  }
}

bool Evaluator::walk(const Value& v, const Term& ref, std::size_t i, VCont k, bool base) {
  if (i == ref.items.size()) return k(v);
  const Term& op = *ref.items[i];
  if (op.kind == TermKind::kValue) {
    const Value* c = lookup(v, op.value);
    if (!c && base && v.is_object() && op.value.is_number() && op.value.as_number().is_integer()) {
      c = v.find(op.value.as_number().to_string());
    }
    return c ? walk(*c, ref, i + 1, k, base) : true;
  }
  if (op.kind == TermKind::kVar && !op.wildcard && bound(op.slot)) {
    const Value* c = lookup(v, slot(op.slot));
    return c ? walk(*c, ref, i + 1, k, base) : true;
  }
  if (is_pattern(op) && has_unbound(op)) {
    // Iterate over the collection, binding the operand to each key.
    switch (v.kind()) {
      case Value::Kind::kArray: {
        auto items = v.as_array();
        for (std::size_t j = 0; j < items.size(); ++j) {
          if (!unify(op, Value(static_cast<std::int64_t>(j)),
                     [&]() { return walk(items[j], ref, i + 1, k, base); })) {
            return false;
          }
        }
        return true;
      }
      case Value::Kind::kObject:
        for (const auto& entry : v.as_object()) {
          const Value& val = entry.second;
          if (!unify(op, entry.first, [&]() { return walk(val, ref, i + 1, k, base); }))
            return false;
        }
        return true;
      case Value::Kind::kSet:
        for (const auto& e : v.as_set()) {
          if (!unify(op, e, [&]() { return walk(e, ref, i + 1, k, base); })) return false;
        }
        return true;
      default: return true;
    }
  }
  return eval_term(op, [&](const Value& key) {
    const Value* c = lookup(v, key);
    return c ? walk(*c, ref, i + 1, k, base) : true;
  });
}

const Value* Evaluator::override_at(const std::vector<std::string>& path) {
  for (auto it = data_overrides_.rbegin(); it != data_overrides_.rend(); ++it) {
    if (it->first == path) return &it->second;
  }
  return nullptr;
}

std::optional<Value> Evaluator::base_at(const std::vector<std::string>& path) {
  const Value* v = &p_.data;
  for (const auto& p : path) {
    v = v->find(p);
    if (!v) break;
  }
  std::optional<Value> out;
  if (v) out = *v;
  // Apply `with data...` overrides at or below this path.
  for (const auto& [opath, oval] : data_overrides_) {
    if (opath.size() < path.size()) {
      if (std::equal(opath.begin(), opath.end(), path.begin())) {
        // An override above this path replaces everything below it.
        const Value* x = &oval;
        for (std::size_t j = opath.size(); j < path.size() && x; ++j) x = x->find(path[j]);
        out = x ? std::optional<Value>(*x) : std::nullopt;
      }
      continue;
    }
    if (!std::equal(path.begin(), path.end(), opath.begin())) continue;
    out = patch(out.value_or(Value::object({})), opath, path.size(), oval);
  }
  return out;
}

bool Evaluator::walk_node(const DataNode& node, const Term& ref, std::size_t i, VCont k) {
  if (!data_overrides_.empty()) {
    if (const Value* ov = override_at(node.path)) {
      Value hold = *ov;
      return walk(hold, ref, i, k);
    }
  }
  if (node.group) {
    if (node.group->kind == RuleKind::kFunction) return true;
    std::optional<Value> v;
    if (node.children.empty()) {
      v = eval_group(*node.group);
    } else {
      v = materialize(node);
    }
    if (err_) return false;
    if (!v) return true;
    Value hold = *v;
    return walk(hold, ref, i, k);
  }
  if (i == ref.items.size()) {
    auto v = materialize(node);
    if (err_) return false;
    if (!v) return true;
    Value hold = *v;
    return k(hold);
  }
  const Term& op = *ref.items[i];
  auto by_key = [&](const Value& key) -> bool {
    if (const DataNode* child = node.child(key.as_string())) {
      return walk_node(*child, ref, i + 1, k);
    }
    if (data_overrides_.empty()) {
      // Base documents are immutable for the whole evaluation: walk them in place.
      const Value* v = &p_.data;
      for (const auto& p : node.path) {
        v = v->find(p);
        if (!v) return true;
      }
      v = v->find(key.as_string());
      return v ? walk(*v, ref, i + 1, k, true) : true;
    }
    std::vector<std::string> path = node.path;
    path.push_back(key.as_string());
    auto base = base_at(path);
    if (!base) return true;
    Value hold = *base;
    return walk(hold, ref, i + 1, k);
  };
  const Value* key = nullptr;
  if (op.kind == TermKind::kValue) {
    key = &op.value;
  } else if (op.kind == TermKind::kVar && !op.wildcard && bound(op.slot)) {
    key = &slot(op.slot);
  } else if (!(is_pattern(op) && has_unbound(op))) {
    // A computed key (data[input.ns]): evaluate it, then descend without materialising.
    return eval_term(op, [&](const Value& kv) -> bool {
      if (kv.is_string()) return by_key(kv);
      auto v = materialize(node);
      if (err_) return false;
      if (!v) return true;
      const Value* c = lookup(*v, kv);
      return c ? walk(*c, ref, i + 1, k) : true;
    });
  }
  if (key && key->is_string()) return by_key(*key);
  if (key && key->is_number()) {
    // Paths into data are strings: data[2] reads the member "2", data[1.2] the member "1.2"
    // (as OPA's storage paths do).
    return by_key(Value(key->as_number().to_string()));
  }
  auto v = materialize(node);
  if (err_) return false;
  if (!v) return true;
  Value hold = *v;
  return walk(hold, ref, i, k);
}

namespace {

// Merges the members of object `b` into object `a`: a key only in `b` is added; for a key in
// both, `both(a_value, b_value)` gives the merged value, or nullopt to abandon the merge.
template <typename Both>
std::optional<Value> merge_members(const Value& a, const Value& b, Both&& both) {
  std::vector<ObjectEntry> es(a.as_object().begin(), a.as_object().end());
  for (const auto& [k, v] : b.as_object()) {
    auto it = std::lower_bound(es.begin(), es.end(), k, [](const ObjectEntry& e, const Value& key) {
      return e.first < key;
    });
    if (it == es.end() || !(it->first == k)) {
      es.insert(it, ObjectEntry(k, v));
      continue;
    }
    std::optional<Value> merged = both(it->second, v);
    if (!merged) return std::nullopt;
    it->second = std::move(*merged);
  }
  return Value::object_sorted(std::move(es));
}

// `base` with `virt` merged into it, as OPA's topdown merges a base document with the virtual
// documents beside it (evalTree.extent, mergeObjects): objects merge member by member, and where
// the two disagree on anything else the base document wins.
Value merge_base_wins(const Value& base, const Value& virt) {
  if (!base.is_object() || !virt.is_object()) return base;
  return *merge_members(base, virt, [](const Value& b, const Value& v) -> std::optional<Value> {
    return merge_base_wins(b, v);
  });
}

// Merges what a partial-object group produced at one key (`g`) with the value of the rules
// below that key (`c`), as OPA builds a document from general ref heads: the group's
// intermediate objects merge member by member down to its leaves (`remaining` levels); at a
// leaf only equal values or two sets merge (`p[q] contains r` with `p.b contains "foo"`).
// Anything else overlaps a rule's value: nullopt (a conflict).
std::optional<Value> merge_rule_values(const Value& g, const Value& c, int remaining) {
  if (remaining <= 0) {
    if (g == c) return g;
    if (!g.is_set() || !c.is_set()) return std::nullopt;
    std::vector<Value> items(g.as_set().begin(), g.as_set().end());
    items.insert(items.end(), c.as_set().begin(), c.as_set().end());
    return Value::set(std::move(items));
  }
  if (!g.is_object() || !c.is_object()) return std::nullopt;
  return merge_members(g, c, [remaining](const Value& a, const Value& b) {
    return merge_rule_values(a, b, remaining - 1);
  });
}

}  // namespace

std::optional<Value> Evaluator::materialize(const DataNode& node) {
  if (!data_overrides_.empty()) {
    if (const Value* ov = override_at(node.path)) return *ov;
  }
  if (const auto* memo = memo_.nodes.find(node.id)) return *memo;
  std::optional<Value> result;
  if (node.group && node.children.empty()) {
    result = eval_group(*node.group);
  } else {
    // The virtual documents under this node, then the base document merged with them.
    std::vector<ObjectEntry> es;
    if (node.group) {
      auto g = eval_group(*node.group);
      if (err_) return std::nullopt;
      if (g && g->is_object()) {
        for (const auto& e : g->as_object()) es.push_back(e);
      }
    }
    for (const auto& [name, child] : node.children) {
      auto cv = materialize(*child);
      if (err_) return std::nullopt;
      if (cv) {
        // The group's value and the child rules' value at the same key merge down to the
        // group's leaves (its rules' key depth); overlapping a leaf is a conflict, as in OPA.
        bool merged = false;
        for (auto& e : es) {
          if (!e.first.is_string() || e.first.as_string() != name) continue;
          int depth = 0;
          for (const Rule* r : node.group->rules) {
            depth = std::max(depth, static_cast<int>(r->key_terms.size()));
          }
          auto m = merge_rule_values(e.second, *cv, depth - 1);
          if (!m) {
            const Rule* r = node.group->rules.empty() ? nullptr : node.group->rules[0];
            if (r) {
              fail_at(*r->head_ref, ErrorCode::kEvalConflict, "object keys must be unique");
            } else {
              err_ = Error(ErrorCode::kEvalConflict, "object keys must be unique");
            }
            return std::nullopt;
          }
          e.second = std::move(*m);
          merged = true;
        }
        if (!merged) es.emplace_back(Value(name), *cv);
      }
    }
    Value virt = Value::object(std::move(es));
    auto base = base_at(node.path);
    result = base ? merge_base_wins(*base, virt) : std::move(virt);
  }
  if (err_) return std::nullopt;
  memo_.nodes.put(node.id, static_cast<std::size_t>(p_.num_nodes) + 1, result);
  return result;
}

namespace {

// A hash of `v` that reads at most `depth` levels and 4 elements per level: equal values hash
// equally (objects and sets are sorted; numbers are canonical), and the cost is bounded.
std::size_t bounded_hash(const Value& v, int depth) {
  auto mix = [](std::size_t h, std::size_t x) {
    return h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  };
  switch (v.kind()) {
    case Value::Kind::kArray:
    case Value::Kind::kSet: {
      auto items = v.kind() == Value::Kind::kArray ? v.as_array() : v.as_set();
      std::size_t h = mix(static_cast<std::size_t>(v.kind()), items.size());
      if (depth == 0) return h;
      for (std::size_t i = 0; i < items.size() && i < 4; ++i) {
        h = mix(h, bounded_hash(items[i], depth - 1));
      }
      return h;
    }
    case Value::Kind::kObject: {
      auto entries = v.as_object();
      std::size_t h = mix(static_cast<std::size_t>(v.kind()), entries.size());
      if (depth == 0) return h;
      for (std::size_t i = 0; i < entries.size() && i < 4; ++i) {
        h = mix(mix(h, bounded_hash(entries[i].first, depth - 1)),
                bounded_hash(entries[i].second, depth - 1));
      }
      return h;
    }
    default: return v.hash();
  }
}

}  // namespace

std::size_t call_hash(const void* group, std::span<const Value> args) {
  std::size_t h = std::hash<const void*>()(group);
  for (const auto& a : args) h = h * 31 + bounded_hash(a, 3);
  return h;
}

bool CallKeyEq::same(const void* ga, std::span<const Value> a, const void* gb,
                     std::span<const Value> b) {
  if (ga != gb || a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Value::compare(a[i], b[i]) != 0) return false;
  }
  return true;
}

// ---- rules ---------------------------------------------------------------------------------

bool Evaluator::enter_frame(int slots) {
  if (++depth_ > opt_.max_depth) {
    --depth_;
    return fail_with(Error(ErrorCode::kEvalCancel, "evaluation exceeded the maximum depth"));
  }
  push_frame(static_cast<std::size_t>(slots));
  return true;
}

void Evaluator::push_frame(std::size_t slots) {
  // A frame goes on top of the current chunk when it fits in the reserved capacity, else at the
  // bottom of the next chunk (created, or grown while it is unused). Slots above `used` are
  // reused, so only their bound flags need resetting.
  if (chunks_.empty() || chunks_[chunk_].used + slots > chunks_[chunk_].values.capacity()) {
    std::size_t next = chunks_.empty() ? 0 : chunk_ + 1;
    if (next == chunks_.size()) chunks_.emplace_back();
    FrameChunk& c = chunks_[next];
    if (c.values.capacity() < slots) {
      std::size_t capacity = std::max(slots, kChunkSlots);
      c.values = std::vector<Value>();
      c.bound = std::vector<char>();
      c.values.reserve(capacity);
      c.bound.reserve(capacity);
    }
    c.used = 0;
    chunk_ = next;
  }
  FrameChunk& c = chunks_[chunk_];
  std::size_t need = c.used + slots;
  if (c.values.size() < need) {  // within the reserved capacity: no reallocation
    c.values.resize(need);
    c.bound.resize(need, 0);
  }
  frame_ = c.values.data() + c.used;
  frame_bound_ = c.bound.data() + c.used;
  std::fill(frame_bound_, frame_bound_ + slots, 0);
  c.used = need;
}

void Evaluator::leave_frame(const FrameMark& saved) {
  --depth_;
  chunk_ = saved.chunk;
  chunks_[chunk_].used = saved.used;
  frame_ = saved.slots;
  frame_bound_ = saved.bound;
}

const std::vector<const Rule*>& Evaluator::candidates(const RuleGroup& g,
                                                      std::vector<const Rule*>& scratch) {
  if (!g.index.enabled) return g.rules;
  if (!input_) return g.index.always;
  scratch = candidates_indexed(g);
  return scratch;
}

std::vector<const Rule*> Evaluator::candidates_indexed(const RuleGroup& g) {
  const Value* v = &*input_;
  for (const auto& p : g.index.path) {
    v = lookup(*v, p);
    if (!v) break;
  }
  std::vector<const Rule*> out;
  if (v) {
    auto it = g.index.by_value.find(*v);
    if (it != g.index.by_value.end()) out = it->second;
  }
  out.insert(out.end(), g.index.always.begin(), g.index.always.end());
  return out;
}

namespace {

struct ObjTree {
  std::optional<Value> leaf;
  bool is_set = false;  // multi-value leaf (`a[x] contains y`)
  std::vector<Value> set_items;
  std::map<Value, ObjTree> children;

  Value build() const {
    if (leaf) return *leaf;
    if (is_set) return Value::set(set_items);
    std::vector<ObjectEntry> es;
    for (const auto& [k, c] : children) es.emplace_back(k, c.build());
    return Value::object_sorted(std::move(es));
  }
};

}  // namespace

std::optional<Value> Evaluator::eval_group(const RuleGroup& g) {
  if (g.kind == RuleKind::kFunction) return std::nullopt;  // functions are not documents
  if (const auto* memo = memo_.groups.find(g.id)) return *memo;
  const FrameMark saved_frame = frame_mark();
  const Module* saved_module = module_;
  std::optional<Value> result;
  const Rule* result_rule = nullptr;
  std::vector<Value> set_items;
  ObjTree tree;
  bool stop = false;
  std::vector<const Rule*> scratch;
  for (const Rule* first : candidates(g, scratch)) {
    if (stop) break;
    for (const Rule* r = first; r; r = r->else_rule.get()) {
      if (!enter_frame(r->num_slots)) return std::nullopt;
      module_ = r->module;
      bool produced = false;
      eval_body(r->body, 0, [&]() -> bool {
        switch (g.kind) {
          case RuleKind::kComplete: {
            auto emit = [&](const Value& v) -> bool {
              produced = true;
              if (result && *result != v) {
                const Term& at = r->value ? *r->value : *r->head_ref;
                return fail_at(at, ErrorCode::kEvalConflict,
                               "rule " + g.name +
                                   " produced conflicting values: complete rules must not "
                                   "produce multiple outputs");
              }
              result = v;
              result_rule = r;
              return !r->value_constant;
            };
            if (!r->value) return emit(Value(true));
            return eval_term(*r->value, emit);
          }
          case RuleKind::kPartialSet:
            produced = true;
            return eval_term(*r->contains, [&](const Value& v) {
              set_items.push_back(v);
              return true;
            });
          case RuleKind::kPartialObject: {
            produced = true;
            std::vector<Value> keys;
            std::function<bool(std::size_t)> go = [&](std::size_t ki) -> bool {
              if (ki == r->key_terms.size()) {
                auto put = [&](const Value& v) -> bool {
                  ObjTree* node = &tree;
                  for (const auto& key : keys) {
                    if (node->leaf || node->is_set) {
                      return fail_at(*r->head_ref, ErrorCode::kEvalConflict,
                                     "object keys must be unique");
                    }
                    node = &node->children[key];
                  }
                  if (r->contains) {
                    if (node->leaf || !node->children.empty()) {
                      return fail_at(*r->head_ref, ErrorCode::kEvalConflict,
                                     "object keys must be unique");
                    }
                    node->is_set = true;
                    node->set_items.push_back(v);
                    return true;
                  }
                  if ((node->leaf && *node->leaf != v) || !node->children.empty() || node->is_set) {
                    return fail_at(*r->head_ref, ErrorCode::kEvalConflict,
                                   "object keys must be unique");
                  }
                  node->leaf = v;
                  return true;
                };
                if (r->contains) return eval_term(*r->contains, put);
                if (!r->value) return put(Value(true));
                return eval_term(*r->value, put);
              }
              return eval_term(*r->key_terms[ki], [&](const Value& key) {
                keys.push_back(key);
                bool res = go(ki + 1);
                keys.pop_back();
                return res;
              });
            };
            return go(0);
          }
          case RuleKind::kFunction: return true;
        }
        return true;
      });
      leave_frame(saved_frame);
      module_ = saved_module;
      if (err_) return std::nullopt;
      if (produced) break;  // else branches only when this one produced nothing
    }
  }
  (void)result_rule;
  switch (g.kind) {
    case RuleKind::kComplete:
      if (!result && g.default_rule) {
        const Rule* d = g.default_rule;
        if (!enter_frame(d->num_slots)) return std::nullopt;
        eval_term(*d->value, [&](const Value& v) {
          result = v;
          return false;
        });
        leave_frame(saved_frame);
      }
      break;
    case RuleKind::kPartialSet: result = Value::set(std::move(set_items)); break;
    case RuleKind::kPartialObject:
      // Defaults for keys no rule produced (`default p[true] := v`).
      for (const Rule* d : g.key_defaults) {
        const Value& key = d->key_terms[0]->value;
        if (tree.leaf || tree.is_set || tree.children.count(key)) continue;
        if (!enter_frame(d->num_slots)) return std::nullopt;
        module_ = d->module;
        eval_term(*d->value, [&](const Value& v) {
          tree.children[key].leaf = v;
          return false;
        });
        leave_frame(saved_frame);
        module_ = saved_module;
      }
      result = tree.build();
      break;
    case RuleKind::kFunction: break;
  }
  if (err_) return std::nullopt;
  memo_.groups.put(g.id, p_.groups.size() + 1, result);
  return result;
}

bool Evaluator::bind_args(const Rule& r, std::span<const Value> args, std::size_t i, Cont k) {
  if (i == args.size()) return k();
  return unify(*r.args[i], args[i], [&]() { return bind_args(r, args, i + 1, k); });
}

bool Evaluator::eval_function(const Term& call, const RuleGroup& g, std::span<const Value> args,
                              VCont k) {
  // Functions are pure within one evaluation (nondeterministic builtins are memoised per
  // evaluation, input/data/mocks only change under `with`, which swaps memo_), so a call's
  // result is reused for equal arguments. Not while print() output is observed: a repeated
  // call must print again.
  const bool memoize = !opt_.print;
  const std::size_t hash = memoize ? call_hash(&g, args) : 0;
  if (memoize) {
    auto it = memo_.calls.find(CallKey{&g, args, hash});
    if (it != memo_.calls.end()) {
      if (!it->second) return true;
      Value hold = *it->second;
      return k(hold);
    }
  }
  const FrameMark saved_frame = frame_mark();
  const Module* saved_module = module_;
  std::optional<Value> result;
  // `args` lives in the caller's frame (eval_call) and is not modified while the call runs.
  std::span<const Value> held = args;
  for (const Rule* first : g.rules) {
    // A rule whose head has a constant argument that differs from the call's (the usual
    // `f("eq", a, b)` dispatch) cannot match: skip it, and its else chain, without a frame.
    bool mismatch = false;
    for (std::size_t i = 0; i < first->args.size() && i < held.size() && !mismatch; ++i) {
      const Term& a = *first->args[i];
      mismatch = a.kind == TermKind::kValue && Value::compare(a.value, held[i]) != 0;
    }
    if (mismatch) continue;
    for (const Rule* r = first; r; r = r->else_rule.get()) {
      if (!enter_frame(r->num_slots)) return false;
      module_ = r->module;
      bool produced = false;
      bind_args(*r, held, 0, [&]() -> bool {
        return eval_body(r->body, 0, [&]() -> bool {
          auto emit = [&](const Value& v) -> bool {
            produced = true;
            if (result && *result != v) {
              module_ = saved_module;
              return fail_at(call, ErrorCode::kEvalConflict,
                             "function " + g.name +
                                 " produced conflicting values for the same inputs: functions "
                                 "must not produce multiple outputs for same inputs");
            }
            result = v;
            return !r->value_constant;
          };
          if (!r->value) return emit(Value(true));
          return eval_term(*r->value, emit);
        });
      });
      leave_frame(saved_frame);
      module_ = saved_module;
      if (err_) return false;
      if (produced) break;
    }
  }
  if (!result && g.default_rule) {
    const Rule* d = g.default_rule;
    if (!enter_frame(d->num_slots)) return false;
    eval_term(*d->value, [&](const Value& v) {
      result = v;
      return false;
    });
    leave_frame(saved_frame);
  }
  if (err_) return false;
  if (memoize)
    memo_.calls.emplace(CallKeyOwned{&g, std::vector<Value>(args.begin(), args.end()), hash},
                        result);
  if (!result) return true;
  Value hold = *result;
  return k(hold);
}

// ---- query driver ----------------------------------------------------------------------------

Result<std::vector<QueryResult>> Evaluator::run(const PreparedQueryImpl& q) {
  std::vector<QueryResult> results;
  const Rule& rule = *q.rule;
  push_frame(static_cast<std::size_t>(rule.num_slots));
  std::vector<Value> values(rule.body.size());
  // Self-recursive through its first parameter (no std::function allocation).
  auto go = [&](auto& self, std::size_t i) -> bool {
    if (i == rule.body.size()) {
      QueryResult r;
      r.expressions = values;
      for (const auto& [name, s] : q.output_vars) {
        if (bound(s)) r.bindings.emplace_back(name, slot(s));
      }
      results.push_back(std::move(r));
      return true;
    }
    const Expr& e = *rule.body[i];
    // Like OPA's query rewriting, a plain term expression of the query captures its value:
    // `data.p` reports false instead of failing.
    if (e.kind == ExprKind::kTerm && !e.negated && e.withs.empty() &&
        e.term->kind != TermKind::kCall) {
      if (!step()) return false;
      return eval_term(*e.term, [&](const Value& v) {
        values[i] = v;
        return self(self, i + 1);
      });
    }
    return eval_expr(
        e, [&]() { return self(self, i + 1); }, &values[i]);
  };
  go(go, 0);
  if (err_) return fail(*err_);
  return results;
}

}  // namespace custos::rego
