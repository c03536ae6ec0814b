// Tests of the Go-compatible time helpers (go_time.h). Expected values were computed with Go's
// time package semantics (documented examples and OPA's time test cases).

#include "rego/builtins/go_time.h"

#include <gtest/gtest.h>

namespace custos::rego::go {
namespace {

TEST(GoTime, CivilRoundTrip) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  for (std::int64_t d = -800000; d < 800000; d += 997) {
    CivilDate c = civil_from_days(d);
    EXPECT_EQ(days_from_civil(c.year, c.month, c.day), d);
  }
  // Month and day normalisation as in Go's time.Date.
  EXPECT_EQ(days_from_civil(2020, 13, 1), days_from_civil(2021, 1, 1));
  EXPECT_EQ(days_from_civil(2020, 3, 0), days_from_civil(2020, 2, 29));
  EXPECT_EQ(weekday_from_days(0), 4);  // Thursday
}

TEST(GoTime, Rfc3339Bounds) {
  EXPECT_EQ(*parse_rfc3339_ns("1970-01-01T00:00:00-00:00"), 0);
  EXPECT_EQ(*parse_rfc3339_ns("2017-06-02T19:00:00-07:00"), 1496455200000000000);
  EXPECT_EQ(*parse_rfc3339_ns("1677-09-21T00:12:43.145224192-00:00"), INT64_MIN);
  EXPECT_EQ(*parse_rfc3339_ns("2262-04-11T23:47:16.854775807-00:00"), INT64_MAX);
  auto low = parse_rfc3339_ns("1677-09-21T00:12:43.145224191-00:00");
  ASSERT_FALSE(low);
  EXPECT_EQ(low.error().message(), "time outside of valid range");
  EXPECT_FALSE(parse_rfc3339_ns("2262-04-11T23:47:16.854775808-00:00"));
  EXPECT_EQ(*parse_rfc3339_ns("2020-01-01T00:00:00.5Z"), 1577836800500000000);
}

TEST(GoTime, ParseLayouts) {
  auto t = parse("2006-01-02T15:04:05", "2016-05-10T19:06:42");
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(*t->unix_nanos(), 1462907202000000000);
  t = parse("2006-01-02", "2020-02-02");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t->unix_nanos(), 1580601600000000000);
  t = parse("Mon Jan _2 15:04:05 MST 2006", "Tue Nov 10 23:00:00 UTC 2009");
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(*t->unix_nanos(), 1257894000000000000);
  t = parse("02 Jan 06 15:04 -0700", "10 Nov 09 23:00 +0100");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t->unix_nanos(), 1257890400000000000);
  t = parse("3:04PM", "11:30AM");
  ASSERT_TRUE(t);
  EXPECT_EQ(to_civil(*t).hour, 11);
  EXPECT_EQ(to_civil(*t).year, 0);
}

TEST(GoTime, ParseErrorsFollowGo) {
  auto t = parse("2006-01-02", "2020-13-01");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message(), "parsing time \"2020-13-01\": month out of range");
  t = parse("2006-01-02", "2020-02-30");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message(), "parsing time \"2020-02-30\": day out of range");
  t = parse("2006-01-02", "20x0-01-01");
  ASSERT_FALSE(t);
  EXPECT_EQ(
      t.error().message(),
      "parsing time \"20x0-01-01\" as \"2006-01-02\": cannot parse \"20x0-01-01\" as \"2006\"");
  t = parse("2006-01-02", "2020-01-01 extra");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message(), "parsing time \"2020-01-01 extra\": extra text: \" extra\"");
}

TEST(GoTime, Format) {
  Time t = Time::from_unix_nanos(1703444325734390000, Zone::utc());
  EXPECT_EQ(format(t, named_layout("RFC3339Nano")), "2023-12-24T18:58:45.73439Z");
  EXPECT_EQ(format(t, "2006-01-02T15:04:05"), "2023-12-24T18:58:45");
  EXPECT_EQ(format(t, "Mon Jan _2 3:04PM .000 ,999999999"), "Sun Dec 24 6:58PM .734 ,73439");
  Time u = Time::from_unix_nanos(1257894000000000000, Zone::utc());
  EXPECT_EQ(format(u, "02/01/2006 15:04"), "10/11/2009 23:00");
  EXPECT_EQ(format(u, "__2 002 -07:00 Z07 MST"), "314 314 +00:00 Z UTC");
  Time neg = Time::from_unix_nanos(-1, Zone::utc());
  EXPECT_EQ(format(neg, named_layout("RFC3339Nano")), "1969-12-31T23:59:59.999999999Z");
}

TEST(GoTime, ZonesFromTzif) {
  auto ny = Zone::load("America/New_York");
  ASSERT_TRUE(ny) << ny.error().message();
  // 2018-02-05T12:00:00Z is 07:00 EST.
  Time t = Time::from_unix_nanos(1517832000LL * 1'000'000'000, *ny);
  Civil c = to_civil(t);
  EXPECT_EQ(c.hour, 7);
  EXPECT_EQ(c.offset.abbreviation, "EST");
  // Summer: EDT, -4h.
  t = Time::from_unix_nanos(1530446400LL * 1'000'000'000, *ny);  // 2018-07-01T12:00Z
  EXPECT_EQ(to_civil(t).hour, 8);
  EXPECT_EQ(format(t, "MST -07:00"), "EDT -04:00");
  // Far future: served by the POSIX footer rule.
  t = Time::from_unix_nanos(4102488000LL * 1'000'000'000, *ny);  // 2100-01-01T12:00Z (EST)
  EXPECT_EQ(to_civil(t).hour, 7);
  t = Time::from_unix_nanos(4118126400LL * 1'000'000'000, *ny);  // 2100-07-01T12:00Z (EDT)
  EXPECT_EQ(to_civil(t).hour, 8);
  auto bad = Zone::load("No/Such_Zone");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "unknown time zone No/Such_Zone");
  EXPECT_FALSE(Zone::load("../etc/passwd"));
  EXPECT_FALSE(Zone::load("/etc/passwd"));
}

TEST(GoTime, FromCivilInZone) {
  auto ny = *Zone::load("America/New_York");
  Time t = from_civil(2018, 2, 5, 7, 0, 0, 0, ny);
  EXPECT_EQ(t.unix_seconds, 1517832000);
}

TEST(GoTime, Durations) {
  EXPECT_EQ(*parse_duration_ns("100ms"), 100000000);
  EXPECT_EQ(*parse_duration_ns("1h2m3.5s"), 3723500000000);
  EXPECT_EQ(*parse_duration_ns("-1.5h"), -5400000000000);
  EXPECT_EQ(*parse_duration_ns("0"), 0);
  EXPECT_EQ(*parse_duration_ns("1\xC2\xB5s"), 1000);
  EXPECT_EQ(parse_duration_ns("").error().message(), "time: invalid duration \"\"");
  EXPECT_EQ(parse_duration_ns("12").error().message(), "time: missing unit in duration \"12\"");
  EXPECT_EQ(parse_duration_ns("1d").error().message(),
            "time: unknown unit \"d\" in duration \"1d\"");
  EXPECT_FALSE(parse_duration_ns("9999999999999999999h"));
}

}  // namespace
}  // namespace custos::rego::go
