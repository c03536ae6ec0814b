#include "engine/http_fetcher.h"

namespace custos::engine {

Result<std::string> SourceFetcher::fetch(const store::Source& source) const {
  if (source.type == store::SourceType::kFile) return files_.fetch(source);
  auto body = http_.get(source.url, source.headers);
  if (!body)
    return fail(
        Error(ErrorCode::kStoreFetch, "cannot fetch " + source.url).with_detail(body.error()));
  return body;
}

}  // namespace custos::engine
