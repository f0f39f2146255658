//===- DateFunctionsTest.cpp - ARM date and CIDR functions ----------------===//
//
// Expected values come from the "Date functions" and "CIDR functions" pages
// of the ARM template documentation.
//
//===----------------------------------------------------------------------===//

#include "EvalTestSupport.h"

using namespace armor;
using namespace armor::evaltest;

namespace {

class DateFunctions : public EvalFixture {};

// Docs, "dateTimeAdd" (the docs show the portal's rendering of the same
// instants; the Bicep baseline baselines_bicepparam/Expressions shows the
// ISO 8601 text ARM returns).
TEST_F(DateFunctions, DateTimeAdd) {
  EXPECT_EQ(eval("dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')"),
            "\"2023-04-07T14:53:14Z\"");
  EXPECT_EQ(eval("dateTimeAdd('2020-04-07 14:53:14Z', '-PT9M')"),
            "\"2020-04-07T14:44:14Z\"");
  EXPECT_EQ(eval("dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H')"),
            "\"2020-04-07T15:53:14Z\"");
  EXPECT_EQ(eval("dateTimeAdd(dateTimeFromEpoch(1680224438), 'P1D')"),
            "\"2023-04-01T01:00:38Z\"");
  EXPECT_EQ(eval("dateTimeAdd('2020-04-07T14:53:14.5Z', 'PT1S')"),
            "\"2020-04-07T14:53:15.5Z\"");
  EXPECT_EQ(eval("dateTimeAdd('2020-01-31T00:00:00Z', 'P1M', 'yyyy-MM-dd')"),
            "\"2020-02-29\"");
  EXPECT_EQ(eval("dateTimeAdd('2020-12-31T23:00:00Z', 'PT2H', 'u')"),
            "\"2021-01-01 01:00:00Z\"");
  EXPECT_EQ(eval("dateTimeAdd('2020-04-07T00:00:00Z', 'P1W', "
                 "'yyyyMMddTHHmmss')"),
            "\"20200414T000000\"");
  EXPECT_EQ(eval("dateTimeAdd('2020-04-07T10:00:00+02:00', 'PT0S', 's')"),
            "\"2020-04-07T08:00:00\"");
  EXPECT_EQ(errors(), "");
  eval("dateTimeAdd('not a date', 'P1D')");
  EXPECT_NE(errors(), "");
  eval("dateTimeAdd('2020-01-01', 'X1D')");
  EXPECT_NE(errors(), "");
}

// Docs, "dateTimeFromEpoch", "dateTimeToEpoch".
TEST_F(DateFunctions, Epoch) {
  EXPECT_EQ(eval("dateTimeFromEpoch(1683040573)"), "\"2023-05-02T15:16:13Z\"");
  EXPECT_EQ(eval("dateTimeToEpoch('2023-05-02T15:16:13Z')"), "1683040573");
  EXPECT_EQ(eval("dateTimeToEpoch(dateTimeFromEpoch(0))"), "0");
  EXPECT_EQ(eval("dateTimeFromEpoch(-1)"), "\"1969-12-31T23:59:59Z\"");
}

// Docs, "utcNow": only known at deployment.
TEST_F(DateFunctions, UtcNow) {
  EXPECT_EQ(eval("utcNow()"), "unknown[utcNow()]");
  EXPECT_EQ(why("utcNow('u')"), "utcNow() is only known at deployment");
  EXPECT_EQ(eval("dateTimeAdd(utcNow(), 'P1D')"),
            "unknown[dateTimeAdd(utcNow(), 'P1D')]");
}

class CidrFunctions : public EvalFixture {};

// Docs, "parseCidr".
TEST_F(CidrFunctions, ParseCidr) {
  EXPECT_EQ(eval("parseCidr('10.144.0.0/20')"),
            "{\"network\":\"10.144.0.0\",\"netmask\":\"255.255.240.0\","
            "\"broadcast\":\"10.144.15.255\",\"firstUsable\":\"10.144.0.1\","
            "\"lastUsable\":\"10.144.15.254\",\"cidr\":20}");
  EXPECT_EQ(
      eval("parseCidr('fdad:3236:5555::/48')"),
      "{\"network\":\"fdad:3236:5555::\",\"netmask\":\"ffff:ffff:ffff::\","
      "\"firstUsable\":\"fdad:3236:5555::\",\"lastUsable\":"
      "\"fdad:3236:5555:ffff:ffff:ffff:ffff:ffff\",\"cidr\":48}");
  EXPECT_EQ(eval("parseCidr('10.0.0.5/24').network"), "\"10.0.0.0\"");
  EXPECT_EQ(eval("parseCidr('0.0.0.0/0').broadcast"), "\"255.255.255.255\"");
  EXPECT_EQ(errors(), "");
  eval("parseCidr('10.0.0.0/33')");
  EXPECT_NE(errors(), "");
  eval("parseCidr('10.0.0/8')");
  EXPECT_NE(errors(), "");
}

// Docs, "cidrSubnet".
TEST_F(CidrFunctions, CidrSubnet) {
  EXPECT_EQ(eval("cidrSubnet('10.144.0.0/20', 24, 0)"), "\"10.144.0.0/24\"");
  EXPECT_EQ(eval("cidrSubnet('10.144.0.0/20', 24, 4)"), "\"10.144.4.0/24\"");
  EXPECT_EQ(eval("cidrSubnet('fdad:3236:5555::/48', 52, 0)"),
            "\"fdad:3236:5555::/52\"");
  EXPECT_EQ(eval("cidrSubnet('fdad:3236:5555::/48', 52, 1)"),
            "\"fdad:3236:5555:1000::/52\"");
  EXPECT_EQ(eval("cidrSubnet('fdad:3236:5555::/48', 52, 4)"),
            "\"fdad:3236:5555:4000::/52\"");
  EXPECT_EQ(eval("cidrSubnet('10.0.0.0/16', 16, 0)"), "\"10.0.0.0/16\"");
  // No prefix length: the classful one, as AVM's tests rely on.
  EXPECT_EQ(eval("cidrSubnet('10.0.0.0', 24, 1)"), "\"10.0.1.0/24\"");
  EXPECT_EQ(eval("cidrSubnet('192.168.1.0', 26, 1)"), "\"192.168.1.64/26\"");
  EXPECT_EQ(eval("parseCidr('172.16.0.0').cidr"), "16");
  EXPECT_EQ(errors(), "");
  eval("cidrSubnet('10.144.0.0/20', 24, 16)");
  EXPECT_NE(errors(), "");
  eval("cidrSubnet('10.144.0.0/20', 19, 0)");
  EXPECT_NE(errors(), "");
}

// Docs, "cidrHost".
TEST_F(CidrFunctions, CidrHost) {
  EXPECT_EQ(eval("cidrHost('10.144.3.0/24', 0)"), "\"10.144.3.1\"");
  EXPECT_EQ(eval("cidrHost('10.144.3.0/24', 4)"), "\"10.144.3.5\"");
  EXPECT_EQ(eval("cidrHost('fdad:3236:5555:3000::/52', 0)"),
            "\"fdad:3236:5555:3000::1\"");
  EXPECT_EQ(eval("cidrHost('fdad:3236:5555:3000::/52', 4)"),
            "\"fdad:3236:5555:3000::5\"");
  EXPECT_EQ(eval("cidrHost('10.0.0.0/24', 253)"), "\"10.0.0.254\"");
  EXPECT_EQ(errors(), "");
  eval("cidrHost('10.0.0.0/24', 254)");
  EXPECT_NE(errors(), "");
}

} // namespace
