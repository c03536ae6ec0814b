// The YAML test-case runner (OPA format and the regorus variant).

#include "rego/conformance.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "json/json.h"
#include "rego/parser.h"
#include "rego/policy.h"

namespace custos::rego {

namespace {

// YAML → Value with the YAML 1.2 core schema for plain scalars; quoted scalars are strings.
// Map keys are strings (OPA's runner goes through JSON) unless `typed_keys` (regorus reads
// `null:`, `true:`, `7:` keys as null, boolean and number).
Value from_yaml(const YAML::Node& n, bool typed_keys = false) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return Value();
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str") return Value(s);
      if (s == "null" || s == "~" || s == "Null" || s == "NULL" || s.empty()) return Value();
      if (s == "true" || s == "True" || s == "TRUE") return Value(true);
      if (s == "false" || s == "False" || s == "FALSE") return Value(false);
      std::string t = s;
      if (!t.empty() && t[0] == '+') t = t.substr(1);
      auto num = Number::parse(t);
      if (num) return Value(*num);
      if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o')) {
        try {
          return Value(
              static_cast<std::int64_t>(std::stoll(t.substr(2), nullptr, t[1] == 'x' ? 16 : 8)));
        } catch (...) {
        }
      }
      return Value(s);
    }
    case YAML::NodeType::Sequence: {
      std::vector<Value> items;
      for (const auto& e : n) items.push_back(from_yaml(e, typed_keys));
      return Value::array(std::move(items));
    }
    case YAML::NodeType::Map: {
      std::vector<ObjectEntry> es;
      for (const auto& kv : n) {
        Value key = typed_keys ? from_yaml(kv.first, true) : Value(kv.first.Scalar());
        es.emplace_back(std::move(key), from_yaml(kv.second, typed_keys));
      }
      return Value::object(std::move(es));
    }
  }
  return Value();
}

std::string str(const YAML::Node& n, const char* key) {
  auto v = n[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

bool flag(const YAML::Node& n, const char* key) {
  auto v = n[key];
  return v && v.IsScalar() && v.Scalar() == "true";
}

std::string error_text(const Error& e) {
  std::string s;
  if (e.span()) {
    s = e.span()->file + ":" + std::to_string(e.span()->line) + ": ";
  }
  return s + std::string(e.code_name()) + ": " + e.message();
}

std::string needs_unsupported(const YAML::Node& c, const ConformanceOptions& o) {
  std::string text = str(c, "query");
  if (auto ms = c["modules"]) {
    for (const auto& m : ms) text += "\n" + m.Scalar();
  }
  for (const auto& [name, reason] : o.unsupported) {
    std::size_t pos = 0;
    while ((pos = text.find(name + "(", pos)) != std::string::npos) {
      char before = pos == 0 ? ' ' : text[pos - 1];
      if (!(std::isalnum(static_cast<unsigned char>(before)) || before == '_' || before == '.')) {
        return name + ": " + reason;
      }
      pos += name.size();
    }
  }
  return {};
}

struct Prepared {
  std::shared_ptr<const Policy> policy;
  std::optional<PreparedQuery> query;
  std::optional<Value> input;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// rego-cpp cases may name module/data/input files relative to the YAML file.
bool is_file_ref(const std::string& s) {
  return s.find('\n') == std::string::npos && s.size() < 256 &&
         (s.ends_with(".rego") || s.ends_with(".json"));
}

Result<Prepared> prepare_case(const YAML::Node& c, const ConformanceOptions& o,
                              const std::string& dir) {
  Prepared p;
  std::vector<ModuleSource> modules;
  if (auto ms = c["modules"]) {
    int i = 0;
    for (const auto& m : ms) {
      std::string text = m.Scalar();
      std::string name = "test-" + std::to_string(i++) + ".rego";
      if (is_file_ref(text)) {
        name = text;
        text = read_text(dir + "/" + text);
      }
      modules.push_back({name, std::move(text)});
    }
  }
  Value data = c["data"] ? from_yaml(c["data"]) : Value::object({});
  if (c["data_path"]) {
    CUSTOS_TRY_ASSIGN(data, Value::parse_json(read_text(dir + "/" + str(c, "data_path"))));
  }
  CompileOptions co;
  co.v0_compatible = o.v0_compatible;
  co.future_keywords = o.future_keywords;
  CUSTOS_TRY_ASSIGN(p.policy, compile(std::move(modules), data, co));
  CUSTOS_TRY_ASSIGN(auto q, p.policy->prepare(str(c, "query")));
  p.query = std::move(q);
  if (c["input_term"]) {
    auto empty = compile({}, Value::object({}), co);
    if (!empty) return fail(empty.error());
    CUSTOS_TRY_ASSIGN(auto tq, (*empty)->prepare(str(c, "input_term")));
    CUSTOS_TRY_ASSIGN(auto rs, tq.eval());
    if (!rs.empty() && !rs[0].expressions.empty()) p.input = rs[0].expressions[0];
  } else if (c["input"]) {
    p.input = from_yaml(c["input"]);
  } else if (c["input_path"]) {
    CUSTOS_TRY_ASSIGN(auto in, Value::parse_json(read_text(dir + "/" + str(c, "input_path"))));
    p.input = in;
  }
  return p;
}

CaseOutcome run_opa_case(const YAML::Node& c, const ConformanceOptions& o, const std::string& dir) {
  CaseOutcome out;
  out.note = str(c, "note");
  std::string want_code = str(c, "want_error_code");
  std::string want_error = str(c, "want_error");
  bool want_err = !want_code.empty() || c["want_error"];
  auto check_error = [&](const Error& e) {
    if (!want_err) {
      out.why = "unexpected error: " + error_text(e);
      return;
    }
    if (!want_code.empty() && e.code_name() != want_code) {
      out.why = "want error code " + want_code + ", got " + error_text(e);
      return;
    }
    std::string text = error_text(e);
    if (!want_error.empty() && text.find(want_error) == std::string::npos &&
        e.message().find(want_error) == std::string::npos) {
      out.why = "want error containing '" + want_error + "', got " + text;
      out.error_wording_only = true;
      return;
    }
    out.status = CaseOutcome::Status::kPass;
  };
  auto prepared = prepare_case(c, o, dir);
  if (!prepared) {
    check_error(prepared.error());
    return out;
  }
  EvalOptions eo;
  eo.strict_builtin_errors = flag(c, "strict_error");
  // OPA's net.lookup_ip_addr cases resolve only IP literals and localhost (/etc/hosts): the
  // runner grants DNS lookups; http.send stays disabled (no network in test runs).
  static const Capabilities kConformanceCapabilities = [] {
    Capabilities c;
    c.net_lookup = true;
    return c;
  }();
  eo.capabilities = &kConformanceCapabilities;
  if (prepared->input) eo.input = &*prepared->input;
  auto results = prepared->query->eval(eo);
  if (!results) {
    check_error(results.error());
    return out;
  }
  if (want_err) {
    out.why = "want error " + want_code + " '" + want_error + "', got success";
    return out;
  }
  std::vector<Value> got;
  for (const auto& r : *results) {
    std::vector<ObjectEntry> es;
    for (const auto& [name, v] : r.bindings) es.emplace_back(Value(name), v);
    // Compare as OPA's runner does: through JSON (sets → arrays, non-string keys → strings).
    got.push_back(Value::from_json(Value::object(std::move(es)).to_json_value()));
  }
  std::vector<Value> want;
  if (auto w = c["want_result"]) {
    for (const auto& e : w) want.push_back(from_yaml(e));
  }
  if (flag(c, "sort_bindings")) {
    // OPA's runner sorts array-valued bindings (sets arrive as arrays) and the result list.
    auto sort_values = [](std::vector<Value>& results) {
      for (auto& r : results) {
        if (!r.is_object()) continue;
        std::vector<ObjectEntry> es;
        for (const auto& [k, v] : r.as_object()) {
          if (v.is_array()) {
            std::vector<Value> items(v.as_array().begin(), v.as_array().end());
            std::sort(items.begin(), items.end());
            es.emplace_back(k, Value::array(std::move(items)));
          } else {
            es.emplace_back(k, v);
          }
        }
        r = Value::object(std::move(es));
      }
      std::sort(results.begin(), results.end());
    };
    sort_values(got);
    sort_values(want);
  }
  if (got == want) {
    out.status = CaseOutcome::Status::kPass;
    return out;
  }
  out.why = "want " + Value::array(want).to_string() + ", got " + Value::array(got).to_string();
  if (out.why.size() > 600) out.why = out.why.substr(0, 600) + "…";
  return out;
}

// regorus encodes sets as {"set!": [...]} and objects with non-string keys as
// {"object!": [{"key": k, "value": v}, ...]} in expected results.
Value decode_regorus(const Value& v) {
  if (v.is_array()) {
    std::vector<Value> items;
    for (const auto& e : v.as_array()) items.push_back(decode_regorus(e));
    return Value::array(std::move(items));
  }
  if (!v.is_object()) return v;
  if (v.size() == 1) {
    if (const Value* s = v.find("set!"); s && s->is_array()) {
      std::vector<Value> items;
      for (const auto& e : s->as_array()) items.push_back(decode_regorus(e));
      return Value::set(std::move(items));
    }
    if (const Value* o = v.find("object!"); o && o->is_array()) {
      std::vector<ObjectEntry> es;
      for (const auto& e : o->as_array()) {
        const Value* k = e.find("key");
        const Value* x = e.find("value");
        if (k && x) es.emplace_back(decode_regorus(*k), decode_regorus(*x));
      }
      return Value::object(std::move(es));
    }
  }
  std::vector<ObjectEntry> es;
  for (const auto& [k, x] : v.as_object()) es.emplace_back(k, decode_regorus(x));
  return Value::object(std::move(es));
}

// `aci`: the file is regorus' ACI suite (tests/aci), whose want_result is a list of {x: value}.
CaseOutcome run_regorus_case(const YAML::Node& c, const ConformanceOptions& o,
                             const std::string& dir, bool aci) {
  CaseOutcome out;
  out.note = str(c, "note");
  static const std::set<std::string> kKnown = {"note",  "data",          "input",     "modules",
                                               "query", "want_result",   "no_result", "error",
                                               "skip",  "sort_bindings", "strict"};
  for (const auto& kv : c) {
    std::string k = kv.first.Scalar();
    if (!kKnown.count(k)) {
      out.status = CaseOutcome::Status::kSkip;
      out.why = "regorus-only field " + k;
      return out;
    }
  }
  std::string want_error = str(c, "error");
  bool want_err = static_cast<bool>(c["error"]);
  auto prepared = prepare_case(c, o, dir);
  std::optional<Error> err;
  std::vector<QueryResult> results;
  if (!prepared) {
    err = prepared.error();
  } else {
    // `input: {many!: [...]}` evaluates the query once per input, in order.
    std::vector<const Value*> inputs;
    const Value* many =
        prepared->input && prepared->input->is_object() && prepared->input->size() == 1
            ? prepared->input->find("many!")
            : nullptr;
    if (many && many->is_array()) {
      for (const auto& i : many->as_array()) inputs.push_back(&i);
    } else {
      inputs.push_back(prepared->input ? &*prepared->input : nullptr);
    }
    for (const Value* input : inputs) {
      EvalOptions eo;
      // Not strict unless `strict: true`. regorus' harness seems to default to strict (its
      // nonstrict/ cases), but its strict mode only raises some builtins' errors (`"hello" + 1`
      // stays undefined in loop/basic.yaml); with a strict default 8 more cases pass and 17
      // fail, so the cases that need regorus' strictness are listed in unsupported.txt.
      eo.strict_builtin_errors = flag(c, "strict");
      eo.input = input;
      auto r = prepared->query->eval(eo);
      if (!r) {
        err = r.error();
        break;
      }
      for (auto& q : *r) results.push_back(std::move(q));
    }
  }
  if (err) {
    if (!want_err) {
      out.why = "unexpected error: " + error_text(*err);
    } else if (error_text(*err).find(want_error) == std::string::npos &&
               err->message().find(want_error) == std::string::npos) {
      out.why = "want error containing '" + want_error + "', got " + error_text(*err);
      out.error_wording_only = true;
    } else {
      out.status = CaseOutcome::Status::kPass;
    }
    return out;
  }
  if (want_err) {
    out.why = "want error '" + want_error + "', got success";
    return out;
  }
  // A result is its bindings, else its expression's value, else (several expressions, e.g.
  // `true; [1, 2][_]`) the array of their values.
  auto result_value = [](const QueryResult& r) {
    if (r.bindings.empty() && r.expressions.size() > 1) return Value::array(r.expressions);
    if (r.bindings.empty()) return r.expressions.empty() ? Value() : r.expressions[0];
    std::vector<ObjectEntry> es;
    for (const auto& [name, v] : r.bindings) es.emplace_back(Value(name), v);
    return Value::object(std::move(es));
  };
  bool undefined_wanted =
      flag(c, "no_result") || !c["want_result"] ||
      (c["want_result"].IsScalar() && c["want_result"].Scalar() == "#undefined");
  if (undefined_wanted) {
    if (results.empty()) {
      out.status = CaseOutcome::Status::kPass;
    } else {
      out.why = "want undefined, got " + result_value(results[0]).to_string();
    }
    return out;
  }
  Value want = decode_regorus(from_yaml(c["want_result"], /*typed_keys=*/true));
  if (aci) {
    // regorus' ACI suite: want_result lists one {x: value} per result of a plain-ref query.
    std::vector<Value> want_values, got_values;
    if (want.is_array()) {
      for (const auto& w : want.as_array()) {
        const Value* x = w.is_object() && w.size() == 1 ? w.find("x") : nullptr;
        want_values.push_back(x ? *x : w);
      }
    }
    for (const auto& r : results) {
      got_values.push_back(Value::from_json(result_value(r).to_json_value()));
    }
    if (got_values == want_values) {
      out.status = CaseOutcome::Status::kPass;
    } else {
      out.why = "want " + Value::array(want_values).to_string() + ", got " +
                Value::array(got_values).to_string();
      if (out.why.size() > 600) out.why = out.why.substr(0, 600) + "…";
    }
    return out;
  }
  if (const Value* many = want.is_object() && want.size() == 1 ? want.find("many!") : nullptr) {
    // Several results, in order.
    std::vector<Value> got;
    for (const auto& r : results) got.push_back(result_value(r));
    if (Value::array(got) == *many) {
      out.status = CaseOutcome::Status::kPass;
    } else {
      out.why = "want " + many->to_string() + ", got " + Value::array(got).to_string();
    }
    return out;
  }
  if (results.empty()) {
    out.why = "want " + want.to_string() + ", got undefined";
    return out;
  }
  Value got = result_value(results[0]);
  if (got == want) {
    out.status = CaseOutcome::Status::kPass;
  } else {
    out.why = "want " + want.to_string() + ", got " + got.to_string();
    if (out.why.size() > 600) out.why = out.why.substr(0, 600) + "…";
  }
  return out;
}

}  // namespace

Result<std::vector<CaseOutcome>> run_conformance_file(const std::string& path,
                                                      const std::string& display,
                                                      const ConformanceOptions& options) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInvalidArgument, path + ": " + e.what());
  }
  bool regorus = path.find("regorus") != std::string::npos;
  std::string dir =
      path.substr(0, path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/'));
  if (dir.empty()) dir = ".";
  std::vector<CaseOutcome> out;
  auto cases = root["cases"];
  if (!cases || !cases.IsSequence()) return out;
  std::map<std::string, int> seen;  // duplicate notes in one file get " #2", " #3", ...
  for (const auto& c : cases) {
    CaseOutcome o;
    std::string note = str(c, "note");
    int n = ++seen[note];
    if (n > 1) note += " #" + std::to_string(n);
    try {
      if (flag(c, "skip")) {
        o.note = str(c, "note");
        o.status = CaseOutcome::Status::kSkip;
        o.why = "marked skip in the suite";
      } else if (auto reason = needs_unsupported(c, options); !reason.empty()) {
        o.note = str(c, "note");
        o.status = CaseOutcome::Status::kSkip;
        o.why = "unsupported builtin " + reason;
      } else {
        if (regorus) {
          // The regorus suite is written for regorus' v0 mode: v0 syntax (`p[x] { ... }`), with
          // the future keywords (`if`, `contains`, `in`, `every`) available without an import;
          // modules opt into v1 with `import rego.v1`.
          ConformanceOptions v0 = options;
          v0.v0_compatible = true;
          v0.future_keywords = true;
          o = run_regorus_case(c, v0, dir, path.find("regorus/aci/") != std::string::npos);
        } else {
          o = run_opa_case(c, options, dir);
        }
      }
    } catch (const std::exception& e) {
      o.note = str(c, "note");
      o.status = CaseOutcome::Status::kFail;
      o.why = std::string("exception: ") + e.what();
    }
    o.file = display;
    o.note = note;
    out.push_back(std::move(o));
  }
  return out;
}

Result<Value> parse_yaml(std::string_view text) {
  try {
    return from_yaml(YAML::Load(std::string(text)));
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInvalidArgument, std::string("invalid YAML: ") + e.what());
  }
}

Result<std::map<std::string, std::string>> load_unsupported(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + path);
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.starts_with("case ")) continue;
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::string reason = colon == std::string::npos ? "" : line.substr(colon + 1);
    while (!reason.empty() && reason[0] == ' ') reason.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!name.empty()) out[name] = reason;
  }
  return out;
}

Result<std::map<std::string, std::string>> load_known_failures(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + path);
  std::map<std::string, std::string> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.starts_with("case ")) continue;
    auto arrow = line.find(" => ");
    if (arrow == std::string::npos) {
      return fail(ErrorCode::kInvalidArgument,
                  path + ":" + std::to_string(number) + ": case line without ' => <reason>'");
    }
    out[line.substr(5, arrow - 5)] = line.substr(arrow + 4);
  }
  return out;
}

}  // namespace custos::rego
