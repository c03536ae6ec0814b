#include "store/loader.h"

#include <future>

namespace custos::store {

Result<VerifiedDocument> fetch_document(StoreKind kind, const StoreConfig& config,
                                        const Fetcher& fetcher) {
  auto signature_future =
      std::async(std::launch::async, [&] { return fetcher.fetch(config.signature); });
  auto data = fetcher.fetch(config.data);
  auto signature = signature_future.get();
  if (!data)
    return fail(
        Error(data.error()).with_context("fetching " + std::string(kind_name(kind)) + " data"));
  if (!signature) {
    return fail(Error(signature.error())
                    .with_context("fetching " + std::string(kind_name(kind)) + " signature"));
  }
  return verify_document(kind, *data, *signature, config.keys);
}

}  // namespace custos::store
