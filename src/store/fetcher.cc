#include "store/fetcher.h"

#include <filesystem>
#include <fstream>

namespace custos::store {

Result<std::string> FileFetcher::fetch(const Source& source) const {
  if (source.type != SourceType::kFile) {
    return fail(ErrorCode::kStoreFetch, "the file fetcher cannot fetch " + source.url);
  }
  std::filesystem::path path(file_path(source));
  if (path.is_relative() && !base_dir_.empty()) path = std::filesystem::path(base_dir_) / path;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ErrorCode::kStoreFetch, "cannot read " + path.string() + ": " + ec.message());
  if (size > max_bytes_) {
    return fail(ErrorCode::kStoreFetch,
                path.string() + " is larger than " + std::to_string(max_bytes_) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kStoreFetch, "cannot open " + path.string());
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    return fail(ErrorCode::kStoreFetch, "short read on " + path.string());
  }
  return text;
}

}  // namespace custos::store
