// http.send over net::HttpClient (see rego_http_transport.h).

#include "rego_http_transport.h"

#include "net/http_client.h"

namespace custos::cli {

Result<rego::HttpSendResponse> NetHttpTransport::send(const rego::HttpSendRequest& request) const {
  net::ClientOptions options;
  options.timeout = request.timeout;
  options.max_body_bytes = max_body_bytes_;
  options.ca_pem = request.ca_pem;
  net::HttpClient client(std::move(options));
  net::HttpRequest req;
  req.method = request.method;
  req.url = request.url;
  req.headers = request.headers;
  req.body = request.body;
  CUSTOS_TRY_ASSIGN(auto resp, client.send(req));
  return rego::HttpSendResponse{resp.status, std::move(resp.headers), std::move(resp.body)};
}

}  // namespace custos::cli
