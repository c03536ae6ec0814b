#pragma once
// A store::Fetcher for every source type: FILE through store::FileFetcher, HTTP and HTTPS through
// net::HttpClient (certificate verification, deadline, size cap), with the source's headers.
// Thread-safe.

#include "net/http_client.h"
#include "store/fetcher.h"

namespace custos::engine {

class SourceFetcher : public store::Fetcher {
 public:
  SourceFetcher(store::FileFetcher files, net::ClientOptions http)
      : files_(std::move(files)), http_(std::move(http)) {}
  // Errors: kStoreFetch wrapping the file or network error.
  Result<std::string> fetch(const store::Source& source) const override;

 private:
  store::FileFetcher files_;
  net::HttpClient http_;
};

}  // namespace custos::engine
