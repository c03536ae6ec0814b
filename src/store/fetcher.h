#pragma once
// Where store documents come from. The loader asks a Fetcher for the bytes of a Source; tests and
// fuzzers inject their own. FileFetcher serves FILE sources; the HTTP(S) fetcher lives above this
// library (engine/, over net/) so that store/ needs no sockets.

#include <cstddef>
#include <string>

#include "base/result.h"
#include "store/config.h"

namespace custos::store {

// Default cap on one store document (data or signature file).
inline constexpr std::size_t kDefaultMaxDocumentBytes = 64u << 20;

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Returns the whole document at `source`. Errors: kStoreFetch (not found, I/O, too large, a
  // source type this fetcher does not serve). Must be safe to call from two threads at once.
  virtual Result<std::string> fetch(const Source& source) const = 0;
};

// Reads FILE sources from the local file system. Relative paths resolve against `base_dir` (the
// directory of the configuration file, typically). Thread-safe.
class FileFetcher : public Fetcher {
 public:
  explicit FileFetcher(std::string base_dir = {}, std::size_t max_bytes = kDefaultMaxDocumentBytes)
      : base_dir_(std::move(base_dir)), max_bytes_(max_bytes) {}
  Result<std::string> fetch(const Source& source) const override;

 private:
  std::string base_dir_;
  std::size_t max_bytes_;
};

}  // namespace custos::store
