#include "base/error.h"

#include <array>
#include <utility>

namespace custos {
namespace {

struct CodeName {
  ErrorCode code;
  std::string_view name;
};

constexpr std::array kCodeNames = {
#define CUSTOS_ERROR_CODE(name, wire) CodeName{ErrorCode::name, wire},
#include "base/error_codes.def"
#undef CUSTOS_ERROR_CODE
};

}  // namespace

std::string_view to_string(ErrorCode code) {
  auto index = static_cast<std::size_t>(code);
  if (index < kCodeNames.size()) return kCodeNames[index].name;
  return "unknown_error";
}

std::optional<ErrorCode> error_code_from_string(std::string_view wire) {
  for (const auto& entry : kCodeNames) {
    if (entry.name == wire) return entry.code;
  }
  return std::nullopt;
}

Error& Error::with_span(SourceSpan span) & {
  span_ = std::move(span);
  return *this;
}
Error&& Error::with_span(SourceSpan span) && { return std::move(with_span(std::move(span))); }

Error& Error::with_detail(Error detail) & {
  details_.push_back(std::move(detail));
  return *this;
}
Error&& Error::with_detail(Error detail) && { return std::move(with_detail(std::move(detail))); }

Error& Error::with_context(std::string_view context) & {
  message_ = std::string(context) + ": " + message_;
  return *this;
}
Error&& Error::with_context(std::string_view context) && {
  return std::move(with_context(context));
}

std::string Error::to_string() const {
  std::string out;
  if (span_) {
    if (!span_->file.empty()) out += span_->file + ":";
    out += std::to_string(span_->line) + ":" + std::to_string(span_->column) + ": ";
  }
  out += code_name();
  out += ": ";
  out += message_;
  return out;
}

std::string Error::render(std::string_view source) const {
  std::string out = to_string();
  if (span_ && !source.empty() && span_->line > 0) {
    // Find the span's line in the source.
    std::size_t start = 0;
    for (std::uint32_t line = 1; line < span_->line && start < source.size(); ++line) {
      auto nl = source.find('\n', start);
      if (nl == std::string_view::npos) {
        start = source.size();
        break;
      }
      start = nl + 1;
    }
    auto end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    std::string_view text = source.substr(start, end - start);
    out += "\n  ";
    out += text;
    out += "\n  ";
    for (std::uint32_t c = 1; c < span_->column && c - 1 < text.size(); ++c) {
      out += text[c - 1] == '\t' ? '\t' : ' ';
    }
    out += '^';
  }
  for (const auto& detail : details_) {
    std::string nested = detail.render(source);
    out += "\n  ";
    for (char ch : nested) {
      out += ch;
      if (ch == '\n') out += "  ";
    }
  }
  return out;
}

SourceSpan span_at(std::string_view text, std::size_t offset, std::string file) {
  SourceSpan span;
  span.file = std::move(file);
  if (offset > text.size()) offset = text.size();
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  span.line = line;
  span.column = static_cast<std::uint32_t>(offset - line_start + 1);
  span.offset = static_cast<std::uint32_t>(offset);
  return span;
}

}  // namespace custos
