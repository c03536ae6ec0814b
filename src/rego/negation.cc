// OPA's default negation of composite expressions: nested calls run before the `not`.

#include "rego/negation.h"

#include <string>
#include <utility>
#include <vector>

namespace custos::rego {

namespace {

class Expander {
 public:
  explicit Expander(int* counter) : counter_(counter) {}

  void body(Body& b) {
    for (std::size_t i = 0; i < b.size(); ++i) {
      Expr& e = *b[i];
      nested(e);
      if (!e.negated || e.kind != ExprKind::kTerm || !e.term) continue;
      std::vector<std::unique_ptr<Expr>> support;
      // With values first (without modifiers), then the operands, which carry the modifiers.
      for (auto& w : e.withs) extract(w.value, nullptr, support);
      if (e.term->kind == TermKind::kCall) {
        for (auto& operand : e.term->items) extract(operand, &e.withs, support);
      } else {
        inside(e.term, &e.withs, support);
      }
      if (support.empty()) continue;
      const std::size_t n = support.size();
      b.insert(b.begin() + static_cast<std::ptrdiff_t>(i), std::make_move_iterator(support.begin()),
               std::make_move_iterator(support.end()));
      i += n;
    }
  }

  // Bodies nested in `t` (comprehensions), at any depth.
  void term(Term& t) {
    if (t.body) body(*t.body);
    if (t.key) term(*t.key);
    if (t.head) term(*t.head);
    for (auto& i : t.items) term(*i);
  }

 private:
  void nested(Expr& e) {
    if (e.term) term(*e.term);
    if (e.key) term(*e.key);
    if (e.val) term(*e.val);
    if (e.domain) term(*e.domain);
    for (auto& w : e.withs) term(*w.value);
    if (e.body) body(*e.body);
  }

  // An operand of the negated expression: a call (or a composite ref head) is computed
  // beforehand into a fresh var; composites and refs are searched for calls.
  void extract(TermPtr& t, const std::vector<With>* withs,
               std::vector<std::unique_ptr<Expr>>& out) {
    switch (t->kind) {
      case TermKind::kCall:
        for (auto& operand : t->items) extract(operand, withs, out);
        hoist(t, withs, out);
        return;
      default: inside(t, withs, out); return;
    }
  }

  // Calls inside `t`, but not `t` itself.
  void inside(TermPtr& t, const std::vector<With>* withs, std::vector<std::unique_ptr<Expr>>& out) {
    switch (t->kind) {
      case TermKind::kRef: {
        for (auto& item : t->items) extract(item, withs, out);
        TermKind head = t->items[0]->kind;
        if (head == TermKind::kArray || head == TermKind::kSet || head == TermKind::kObject ||
            head == TermKind::kArrayCompr || head == TermKind::kSetCompr ||
            head == TermKind::kObjectCompr) {
          hoist(t->items[0], withs, out);
        }
        return;
      }
      case TermKind::kArray:
      case TermKind::kSet:
      case TermKind::kObject:
        for (auto& item : t->items) extract(item, withs, out);
        return;
      default: return;
    }
  }

  // `$notN = <t>` before the expression (with its modifiers); `t` becomes `$notN`.
  void hoist(TermPtr& t, const std::vector<With>* withs, std::vector<std::unique_ptr<Expr>>& out) {
    auto expr = hoist_term(t, "$not" + std::to_string((*counter_)++));
    if (withs) {
      for (const auto& w : *withs) {
        expr->withs.push_back(With{w.target->clone(), w.value->clone(), w.loc});
      }
    }
    out.push_back(std::move(expr));
  }

  int* counter_;
};

}  // namespace

std::unique_ptr<Expr> hoist_term(TermPtr& t, const std::string& name) {
  auto var = std::make_unique<Term>();
  var->kind = TermKind::kVar;
  var->name = name;
  var->loc = t->loc;
  auto eq = std::make_unique<Term>();
  eq->kind = TermKind::kCall;
  eq->name = "eq";
  eq->op = CallOp::kUnify;
  eq->loc = t->loc;
  eq->items.push_back(var->clone());
  eq->items.push_back(std::move(t));
  auto expr = std::make_unique<Expr>();
  expr->kind = ExprKind::kTerm;
  expr->loc = var->loc;
  expr->term = std::move(eq);
  t = std::move(var);
  return expr;
}

void expand_negated_calls(Body& body, int* counter) { Expander(counter).body(body); }

void expand_negated_calls(Term& term, int* counter) { Expander(counter).term(term); }

}  // namespace custos::rego
