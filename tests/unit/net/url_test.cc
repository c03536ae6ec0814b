#include "net/url.h"

#include <gtest/gtest.h>

namespace custos::net {
namespace {

TEST(NetUrl, ParsesDefaultsAndExplicitPorts) {
  auto a = parse_url("https://Example.COM/stores/entity.json?v=1");
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->scheme, "https");
  EXPECT_EQ(a->host, "example.com");
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->target, "/stores/entity.json?v=1");

  auto b = parse_url("http://127.0.0.1:8080");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->port, 8080);
  EXPECT_EQ(b->target, "/");

  auto c = parse_url("http://[::1]:9/x");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->port, 9);
}

TEST(NetUrl, RefusesBadUrls) {
  for (const char* text : {"ftp://x/", "https://", "https://user@host/", "https://h:0/",
                           "https://h:65536/", "https://h:8a/", "https://h/a b", "https://h/#f",
                           "https://h\r\n/", "file:///etc/passwd", "no-scheme"}) {
    auto url = parse_url(text);
    EXPECT_FALSE(url) << text;
    if (!url) {
      EXPECT_EQ(url.error().code(), ErrorCode::kInvalidArgument) << text;
    }
  }
}

}  // namespace
}  // namespace custos::net
