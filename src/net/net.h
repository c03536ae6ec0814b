#pragma once
// Façade of the net library: an HTTP/1.1 client over TCP or TLS (Boost.Beast + OpenSSL, certificate
// and host-name verification, total deadline, response size cap). Boost never appears in these
// headers. Namespace custos::net. (The server comes later.)

#include "net/http_client.h"  // IWYU pragma: export
#include "net/url.h"          // IWYU pragma: export
