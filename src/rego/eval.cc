// The evaluator, part 1: bodies, expressions, terms, unification, calls, `with`.
// Continuation-passing style: every generator calls its continuation once per solution and
// returns false to stop (an error is pending in err_, or the caller asked to stop early).
// Bindings are undone as the recursion unwinds, so no trail is needed.

#include "rego/eval.h"

#include <algorithm>
#include <array>

namespace custos::rego {

bool Evaluator::fail_with(Error e) {
  if (!err_) err_ = std::move(e);
  return false;
}

bool Evaluator::fail_at(const Term& t, ErrorCode code, std::string msg) {
  SourceSpan span{module_ ? module_->file : std::string(), t.loc.line, t.loc.column, t.loc.offset,
                  1};
  return fail_with(Error(code, std::move(msg)).with_span(span));
}

bool Evaluator::step() {
  ++steps_;
  if ((steps_ & 1023) == 0) {
    if (steps_ > opt_.max_steps) {
      return fail_with(Error(ErrorCode::kEvalCancel, "evaluation exceeded the step limit"));
    }
    if (opt_.cancel && opt_.cancel->load(std::memory_order_relaxed)) {
      return fail_with(Error(ErrorCode::kEvalCancel, "caller cancelled query execution"));
    }
    if (has_deadline_ && std::chrono::steady_clock::now() > deadline_) {
      return fail_with(Error(ErrorCode::kEvalCancel, "evaluation timed out"));
    }
  }
  return true;
}

bool Evaluator::bind_then(int s, const Value& v, Cont k) {
  if (!step()) return false;
  char& is_bound = frame_bound_[s];
  if (is_bound) return frame_[s] == v ? k() : true;
  frame_[s] = v;
  is_bound = 1;
  bool r = k();
  is_bound = 0;
  return r;
}

// ---- bodies and expressions -----------------------------------------------------------------

bool Evaluator::eval_body(const Body& body, std::size_t i, Cont k) {
  if (i == body.size()) return k();
  return eval_expr(*body[i], [&]() { return eval_body(body, i + 1, k); });
}

bool Evaluator::eval_expr(const Expr& e, Cont k, Value* out) {
  if (!step()) return false;
  if (!e.withs.empty()) return eval_with(e, k, out);
  if (e.negated) {
    bool found = false;
    eval_expr_plain(
        e,
        [&]() {
          found = true;
          return false;
        },
        nullptr);
    if (err_) return false;
    if (found) return true;
    if (out) *out = Value(true);
    return k();
  }
  return eval_expr_plain(e, k, out);
}

bool Evaluator::eval_expr_plain(const Expr& e, Cont k, Value* out) {
  switch (e.kind) {
    case ExprKind::kSome:
      if (out) *out = Value(true);
      return k();
    case ExprKind::kSomeIn:
      if (out) *out = Value(true);
      return eval_some_in(e, k);
    case ExprKind::kEvery:
      if (out) *out = Value(true);
      return eval_every(e, k);
    case ExprKind::kTerm: break;
  }
  const Term& t = *e.term;
  if (t.kind == TermKind::kCall) {
    if (t.op == CallOp::kUnify && t.items.size() == 2) {
      if (out) *out = Value(true);
      return unify_terms(*t.items[0], *t.items[1], k);
    }
    if (t.op == CallOp::kPrint) {
      if (!call_print(t)) return false;
      if (out) *out = Value(true);
      return k();
    }
    if (auto arity = fixed_arity(t); arity && t.items.size() == *arity + 1) {
      return eval_call(t, *arity, [&](const Value& v) {
        if (out) *out = Value(true);
        return unify(*t.items.back(), v, k);
      });
    }
  }
  return eval_term(t, [&](const Value& v) {
    if (v.is_bool() && !v.as_bool()) return true;
    if (out) *out = v;
    return k();
  });
}

namespace {

// Iterates (key, value) pairs of a collection; returns false to stop.
template <typename F>
bool for_each_entry(const Value& coll, F&& f) {
  switch (coll.kind()) {
    case Value::Kind::kArray: {
      std::int64_t i = 0;
      for (const auto& v : coll.as_array()) {
        if (!f(Value(i++), v)) return false;
      }
      return true;
    }
    case Value::Kind::kObject:
      for (const auto& [k, v] : coll.as_object()) {
        if (!f(k, v)) return false;
      }
      return true;
    case Value::Kind::kSet:
      for (const auto& v : coll.as_set()) {
        if (!f(v, v)) return false;
      }
      return true;
    default: return true;
  }
}

}  // namespace

bool Evaluator::eval_some_in(const Expr& e, Cont k) {
  return eval_term(*e.domain, [&](const Value& coll) {
    return for_each_entry(coll, [&](const Value& key, const Value& val) {
      if (e.key) {
        return unify(*e.key, key, [&]() { return unify(*e.val, val, k); });
      }
      return unify(*e.val, val, k);
    });
  });
}

bool Evaluator::eval_every(const Expr& e, Cont k) {
  return eval_term(*e.domain, [&](const Value& coll) {
    // OPA: `every` over a scalar domain is undefined, not vacuously true (OPA's test cases
    // every/non_iterable_domain).
    if (!coll.is_array() && !coll.is_object() && !coll.is_set()) return true;
    bool all = true;
    bool ok = for_each_entry(coll, [&](const Value& key, const Value& val) {
      bool found = false;
      auto body = [&]() {
        return eval_body(*e.body, 0, [&]() {
          found = true;
          return false;
        });
      };
      if (e.key) {
        unify(*e.key, key, [&]() { return unify(*e.val, val, body); });
      } else {
        unify(*e.val, val, body);
      }
      if (err_) return false;
      if (!found) {
        all = false;
        return false;
      }
      return true;
    });
    if (err_) return false;
    (void)ok;
    if (!all) return true;
    return k();
  });
}

bool Evaluator::eval_with(const Expr& e, Cont k, Value* out) {
  // Evaluate the replacement values first (in the current state).
  struct Applied {
    const With* w;
    std::optional<Value> value;
  };
  std::vector<Applied> applied;
  for (const auto& w : e.withs) {
    Applied a{&w, std::nullopt};
    // A bare function name (`with count as mock_count`) replaces a function; anything else,
    // including a call such as `data.x.a + 1`, is a value to evaluate now.
    bool names_function =
        w.value->kind != TermKind::kCall && (w.value->builtin || w.value->function);
    if (!names_function) {
      bool got = false;
      eval_term(*w.value, [&](const Value& v) {
        a.value = v;
        got = true;
        return false;
      });
      if (err_) return false;
      if (!got) return true;  // undefined replacement: the expression is undefined
    }
    applied.push_back(std::move(a));
  }
  // Save state.
  auto saved_input = input_;
  auto saved_overrides = data_overrides_;
  auto saved_fns = fn_overrides_;
  decltype(memo_) saved_memo;
  std::swap(saved_memo, memo_);
  for (const auto& a : applied) {
    const Term& target = *a.w->target;
    auto parts = target.value.as_array();
    std::string head = parts[0].as_string();
    if (head == "input" && !target.builtin) {
      if (parts.size() == 1) {
        input_ = *a.value;
      } else {
        Value base = input_.value_or(Value::object({}));
        // Patch the input at the path.
        std::function<Value(const Value&, std::size_t)> patch = [&](const Value& cur,
                                                                    std::size_t i) -> Value {
          if (i == parts.size()) return *a.value;
          std::vector<ObjectEntry> es;
          if (cur.is_object()) es.assign(cur.as_object().begin(), cur.as_object().end());
          const Value* child = cur.find(parts[i]);
          Value next = patch(child ? *child : Value::object({}), i + 1);
          es.emplace_back(parts[i], next);
          return Value::object(std::move(es));
        };
        input_ = patch(base, 1);
      }
    } else if (head == "data" && !target.builtin && !target.function) {
      std::vector<std::string> path;
      for (std::size_t i = 1; i < parts.size(); ++i) path.push_back(parts[i].as_string());
      data_overrides_.emplace_back(std::move(path), *a.value);
    } else {
      std::string name =
          target.function ? static_cast<const RuleGroup*>(target.function)->name : head;
      Replacement r;
      if (a.value) r.value = *a.value;
      if (!a.value) {  // a function name, not a value
        r.function = static_cast<const RuleGroup*>(a.w->value->function);
        r.builtin = static_cast<const BuiltinDecl*>(a.w->value->builtin);
      }
      fn_overrides_[name] = r;
    }
  }
  auto with_state = input_;
  auto with_overrides = data_overrides_;
  auto with_fns = fn_overrides_;
  decltype(memo_) with_memo;
  Expr plain_view;  // evaluate e without its withs
  bool r;
  {
    auto cont = [&]() {
      // Continue the outer body in the original state.
      std::swap(input_, saved_input);
      std::swap(data_overrides_, saved_overrides);
      std::swap(fn_overrides_, saved_fns);
      std::swap(memo_, saved_memo);
      bool res = k();
      std::swap(input_, saved_input);
      std::swap(data_overrides_, saved_overrides);
      std::swap(fn_overrides_, saved_fns);
      std::swap(memo_, saved_memo);
      return res;
    };
    if (e.negated) {
      bool found = false;
      eval_expr_plain(
          e,
          [&]() {
            found = true;
            return false;
          },
          nullptr);
      if (err_) {
        r = false;
      } else if (found) {
        r = true;
      } else {
        if (out) *out = Value(true);
        r = cont();
      }
    } else {
      r = eval_expr_plain(e, cont, out);
    }
  }
  input_ = std::move(saved_input);
  data_overrides_ = std::move(saved_overrides);
  fn_overrides_ = std::move(saved_fns);
  memo_ = std::move(saved_memo);
  return r;
}

// ---- terms --------------------------------------------------------------------------------

const Value* Evaluator::single_value(const Term& t) {
  switch (t.kind) {
    case TermKind::kValue: return &t.value;
    case TermKind::kVar: return !t.wildcard && bound(t.slot) ? &slot(t.slot) : nullptr;
    case TermKind::kArray:
    case TermKind::kSet:
    case TermKind::kObject: return t.ground ? &t.value : nullptr;
    default: return nullptr;
  }
}

bool Evaluator::eval_term(const Term& t, VCont k) {
  switch (t.kind) {
    case TermKind::kValue: return k(t.value);
    case TermKind::kVar:
      if (!bound(t.slot))
        return fail_at(t, ErrorCode::kRegoUnsafeVar, "var " + t.name + " is unsafe");
      return k(slot(t.slot));
    case TermKind::kRef: return eval_ref(t, k);
    case TermKind::kArray:
    case TermKind::kSet:
    case TermKind::kObject: {
      if (t.ground) return k(t.value);
      std::vector<Value> acc;
      acc.reserve(t.items.size());
      return eval_items(t, 0, acc, k);
    }
    case TermKind::kArrayCompr:
    case TermKind::kSetCompr:
    case TermKind::kObjectCompr: return eval_compr(t, k);
    case TermKind::kCall: {
      if (t.op == CallOp::kUnify) {
        return unify_terms(*t.items[0], *t.items[1], [&]() { return k(Value(true)); });
      }
      return eval_call(t, t.items.size(), k);
    }
    case TermKind::kTemplate: {
      std::string acc;
      return eval_template(t, 0, acc, k);
    }
  }
  return true;
}

bool Evaluator::eval_items(const Term& t, std::size_t i, std::vector<Value>& acc, VCont k) {
  // Items with exactly one value are appended without a continuation each; the callers' pops
  // (one per item they pushed) leave `acc` as this call found it.
  const std::size_t start = i;
  while (i < t.items.size()) {
    const Value* single = single_value(*t.items[i]);
    if (!single) break;
    acc.push_back(*single);
    ++i;
  }
  if (i != start) {
    bool r = eval_items_rest(t, i, acc, k);
    acc.resize(acc.size() - (i - start));
    return r;
  }
  return eval_items_rest(t, i, acc, k);
}

bool Evaluator::eval_items_rest(const Term& t, std::size_t i, std::vector<Value>& acc, VCont k) {
  if (i == t.items.size()) {
    if (t.kind == TermKind::kArray) return k(Value::array(acc));
    if (t.kind == TermKind::kSet) return k(Value::set(acc));
    std::vector<ObjectEntry> es;
    es.reserve(acc.size() / 2);
    for (std::size_t j = 0; j + 1 < acc.size(); j += 2) es.emplace_back(acc[j], acc[j + 1]);
    const std::size_t entries = es.size();
    Value obj = Value::object(std::move(es));
    if (obj.size() != entries) {
      // Duplicate keys: allowed only when the values agree (the pairs are still in `acc`).
      for (std::size_t j = 0; j + 1 < acc.size(); j += 2) {
        const Value* v = obj.find(acc[j]);
        if (v && *v != acc[j + 1]) {
          return fail_at(t, ErrorCode::kEvalConflict, "object keys must be unique");
        }
      }
    }
    return k(obj);
  }
  return eval_term(*t.items[i], [&](const Value& v) {
    acc.push_back(v);
    bool r = eval_items(t, i + 1, acc, k);
    acc.pop_back();
    return r;
  });
}

bool Evaluator::eval_compr(const Term& t, VCont k) {
  std::vector<Value> items;
  std::vector<ObjectEntry> entries;
  bool ok = eval_body(*t.body, 0, [&]() {
    if (t.kind == TermKind::kObjectCompr) {
      return eval_term(*t.key, [&](const Value& key) {
        return eval_term(*t.head, [&](const Value& val) {
          for (const auto& [ek, ev] : entries) {
            if (ek == key && ev != val) {
              return fail_at(t, ErrorCode::kEvalConflict, "object keys must be unique");
            }
          }
          entries.emplace_back(key, val);
          return true;
        });
      });
    }
    return eval_term(*t.head, [&](const Value& v) {
      items.push_back(v);
      return true;
    });
  });
  if (err_) return false;
  (void)ok;
  switch (t.kind) {
    case TermKind::kArrayCompr: return k(Value::array(std::move(items)));
    case TermKind::kSetCompr: return k(Value::set(std::move(items)));
    default: return k(Value::object(std::move(entries)));
  }
}

bool Evaluator::eval_template(const Term& t, std::size_t i, std::string& acc, VCont k) {
  if (i == t.items.size()) return k(Value(acc));
  const Term& part = *t.items[i];
  std::size_t len = acc.size();
  bool any = false;
  bool r = eval_term(part, [&](const Value& v) {
    any = true;
    if (v.is_string()) {
      acc += v.as_string();
    } else {
      acc += v.to_string();
    }
    bool res = eval_template(t, i + 1, acc, k);
    acc.resize(len);
    return res;
  });
  if (!any && !err_) {
    acc += "<undefined>";
    r = eval_template(t, i + 1, acc, k);
    acc.resize(len);
  }
  return r;
}

bool Evaluator::eval_args(const Term& t, std::size_t i, std::span<Value> args,
                          FnRef<bool(std::span<const Value>)> k) {
  const std::size_t n = args.size();
  if (i == 0) {
    // An operand that is still-unbound variable is evaluated after the others (a later ref
    // operand binds it).
    bool deferred = false;
    for (std::size_t j = 0; j < n; ++j) {
      const Term& a = *t.items[j];
      if (a.kind == TermKind::kVar && !a.wildcard && !bound(a.slot)) deferred = true;
    }
    if (deferred) {
      std::vector<std::size_t> order;
      for (std::size_t j = 0; j < n; ++j) {
        const Term& a = *t.items[j];
        if (!(a.kind == TermKind::kVar && !a.wildcard && !bound(a.slot))) order.push_back(j);
      }
      for (std::size_t j = 0; j < n; ++j) {
        const Term& a = *t.items[j];
        if (a.kind == TermKind::kVar && !a.wildcard && !bound(a.slot)) order.push_back(j);
      }
      std::function<bool(std::size_t)> go = [&](std::size_t oi) -> bool {
        if (oi == order.size()) return k(args);
        std::size_t idx = order[oi];
        return eval_term(*t.items[idx], [&](const Value& v) {
          args[idx] = v;
          return go(oi + 1);
        });
      };
      return go(0);
    }
  }
  // Operands with exactly one value (constants, bound vars) are read in place, without a
  // continuation per operand.
  while (i < n) {
    const Value* single = single_value(*t.items[i]);
    if (!single) break;
    args[i++] = *single;
  }
  if (i == n) return k(args);
  return eval_term(*t.items[i], [&](const Value& v) {
    args[i] = v;
    return eval_args(t, i + 1, args, k);
  });
}

bool Evaluator::eval_call(const Term& t, std::size_t nargs, VCont k) {
  if (t.op == CallOp::kPrint) {
    if (!call_print(t)) return false;
    return k(Value(true));
  }
  // Operands live in this frame: inline for the usual few (no allocation per call).
  constexpr std::size_t kInlineArgs = 4;
  std::array<Value, kInlineArgs> inline_args;
  std::vector<Value> heap_args;
  std::span<Value> args(inline_args.data(), nargs <= kInlineArgs ? nargs : 0);
  if (nargs > kInlineArgs) {
    heap_args.resize(nargs);
    args = heap_args;
  }
  return eval_args(t, 0, args, [&](std::span<const Value> a) {
    if (!fn_overrides_.empty()) {
      std::string_view key = t.function
                                 ? std::string_view(static_cast<const RuleGroup*>(t.function)->name)
                                 : std::string_view(t.name);
      auto it = fn_overrides_.find(key);
      if (it != fn_overrides_.end()) {
        Replacement r = it->second;
        if (r.value) return k(*r.value);
        // A mock runs without the other mocks (and with its own memo table).
        auto saved_fns = std::move(fn_overrides_);
        fn_overrides_.clear();
        decltype(memo_) saved_memo;
        std::swap(saved_memo, memo_);
        std::vector<Value> results;
        if (r.function) {
          eval_function(t, *r.function, a, [&](const Value& v) {
            results.push_back(v);
            return true;
          });
        } else if (r.builtin) {
          call_builtin(t, *r.builtin, a, [&](const Value& v) {
            results.push_back(v);
            return true;
          });
        }
        fn_overrides_ = std::move(saved_fns);
        std::swap(saved_memo, memo_);
        if (err_) return false;
        for (const auto& v : results) {
          if (!k(v)) return false;
        }
        return true;
      }
    }
    if (t.function) return eval_function(t, *static_cast<const RuleGroup*>(t.function), a, k);
    if (t.op == CallOp::kMember) {
      bool found = false;
      member(t, a, [&]() {
        found = true;
        return true;
      });
      return k(Value(found));
    }
    const auto* decl = static_cast<const BuiltinDecl*>(t.builtin);
    if (!decl) return fail_at(t, ErrorCode::kRegoType, "undefined function " + t.name);
    return call_builtin(t, *decl, a, k);
  });
}

bool Evaluator::member(const Term& t, std::span<const Value> a, Cont k) {
  (void)t;
  if (a.size() == 2) {
    const Value& x = a[0];
    const Value& coll = a[1];
    bool found = false;
    if (coll.is_set()) {
      found = coll.contains(x);
    } else {
      for_each_entry(coll, [&](const Value&, const Value& v) {
        if (v == x) found = true;
        return !found;
      });
    }
    return found ? k() : true;
  }
  const Value& key = a[0];
  const Value& val = a[1];
  const Value& coll = a[2];
  bool found = false;
  if (coll.is_object()) {
    const Value* v = coll.find(key);
    found = v && *v == val;
  } else if (coll.is_array()) {
    if (key.is_number()) {
      auto i = key.as_number().to_int64();
      if (i && *i >= 0) {
        const Value* v = coll.at(static_cast<std::size_t>(*i));
        found = v && *v == val;
      }
    }
  } else if (coll.is_set()) {
    found = key == val && coll.contains(key);
  }
  return found ? k() : true;
}

bool Evaluator::call_builtin(const Term& t, const BuiltinDecl& decl, std::span<const Value> args,
                             VCont k) {
  if (!decl.fn) return fail_at(t, ErrorCode::kEvalBuiltin, "unknown builtin " + decl.name);
  bctx_.name = decl.name;
  auto r = decl.fn(bctx_, args);
  if (!r) {
    Error e = std::move(r).error();
    if (e.code() == ErrorCode::kEvalCancel) return fail_with(std::move(e));
    if (opt_.strict_builtin_errors || e.code() == ErrorCode::kEvalConflict) {
      SourceSpan span{module_ ? module_->file : std::string(), t.loc.line, t.loc.column,
                      t.loc.offset, 1};
      if (!e.span()) e.with_span(span);
      return fail_with(std::move(e));
    }
    return true;  // non-strict: builtin errors make the call undefined
  }
  if (!r->has_value()) return true;
  if (decl.relation) {
    const Value& alts = **r;
    if (!alts.is_array()) return true;
    for (const auto& v : alts.as_array()) {
      if (!k(v)) return false;
    }
    return true;
  }
  return k(**r);
}

bool Evaluator::call_print(const Term& t) {
  std::string line;
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    if (i) line += ' ';
    std::vector<std::string> alts;
    eval_term(*t.items[i], [&](const Value& v) {
      alts.push_back(v.is_string() ? v.as_string() : v.to_string());
      return true;
    });
    if (err_) return false;
    if (alts.empty()) {
      line += "<undefined>";
    } else {
      line += alts[0];
    }
  }
  if (opt_.print) opt_.print(line);
  return true;
}

// ---- unification ----------------------------------------------------------------------------

bool Evaluator::has_unbound(const Term& t) {
  switch (t.kind) {
    case TermKind::kVar: return t.wildcard || !bound(t.slot);
    case TermKind::kArray:
    case TermKind::kSet:
      if (t.ground) return false;
      for (const auto& i : t.items) {
        if (has_unbound(*i)) return true;
      }
      return false;
    case TermKind::kObject:
      if (t.ground) return false;
      for (std::size_t i = 1; i < t.items.size(); i += 2) {
        if (has_unbound(*t.items[i])) return true;
      }
      return false;
    default: return false;
  }
}

bool Evaluator::unify(const Term& p, const Value& v, Cont k) {
  switch (p.kind) {
    case TermKind::kVar:
      if (p.wildcard) return k();
      return bind_then(p.slot, v, k);
    case TermKind::kValue: return p.value == v ? k() : true;
    case TermKind::kArray:
      if (p.ground) return p.value == v ? k() : true;
      if (!v.is_array() || v.size() != p.items.size()) return true;
      return unify_items(p.items, v.as_array(), 0, k);
    case TermKind::kObject:
      if (p.ground) return p.value == v ? k() : true;
      if (!v.is_object() || v.size() * 2 != p.items.size()) return true;
      return unify_object(p, v, 0, k);
    default: return eval_term(p, [&](const Value& x) { return x == v ? k() : true; });
  }
}

bool Evaluator::unify_items(std::span<const std::unique_ptr<Term>> ps, std::span<const Value> vs,
                            std::size_t i, Cont k) {
  if (i == ps.size()) return k();
  return unify(*ps[i], vs[i], [&]() { return unify_items(ps, vs, i + 1, k); });
}

bool Evaluator::unify_object(const Term& t, const Value& v, std::size_t i, Cont k) {
  if (i >= t.items.size()) return k();
  return eval_term(*t.items[i], [&](const Value& key) {
    const Value* x = v.find(key);
    if (!x) return true;
    Value hold = *x;
    return unify(*t.items[i + 1], hold, [&]() { return unify_object(t, v, i + 2, k); });
  });
}

bool Evaluator::unify_terms(const Term& a, const Term& b, Cont k) {
  bool ua = has_unbound(a);
  bool ub = has_unbound(b);
  if (ua && ub) {
    if (a.kind == TermKind::kArray && b.kind == TermKind::kArray) {
      if (a.items.size() != b.items.size()) return true;
      std::function<bool(std::size_t)> go = [&](std::size_t i) -> bool {
        if (i == a.items.size()) return k();
        return unify_terms(*a.items[i], *b.items[i], [&]() { return go(i + 1); });
      };
      return go(0);
    }
    if (a.kind == TermKind::kObject && b.kind == TermKind::kObject) {
      if (a.items.size() != b.items.size()) return true;
      // Keys must be ground: pair by key.
      std::function<bool(std::size_t)> go = [&](std::size_t i) -> bool {
        if (i >= a.items.size()) return k();
        return eval_term(*a.items[i], [&](const Value& key) {
          for (std::size_t j = 0; j < b.items.size(); j += 2) {
            bool match = false;
            eval_term(*b.items[j], [&](const Value& bk) {
              match = bk == key;
              return false;
            });
            if (match) {
              return unify_terms(*a.items[i + 1], *b.items[j + 1], [&]() { return go(i + 2); });
            }
          }
          return true;
        });
      };
      return go(0);
    }
    if (a.kind == TermKind::kVar && b.kind != TermKind::kVar) {
      return eval_term(b, [&](const Value& v) { return unify(a, v, k); });
    }
    return fail_at(a, ErrorCode::kRegoUnsafeVar, "unification of two unbound terms");
  }
  if (ua) return eval_term(b, [&](const Value& v) { return unify(a, v, k); });
  if (ub) return eval_term(a, [&](const Value& v) { return unify(b, v, k); });
  return eval_term(a, [&](const Value& va) {
    Value hold = va;
    return unify(b, hold, k);
  });
}

}  // namespace custos::rego
