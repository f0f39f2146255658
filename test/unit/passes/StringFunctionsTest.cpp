//===- StringFunctionsTest.cpp - ARM string functions ---------------------===//
//
// Expected values come from the "String functions for ARM templates" page of
// the Azure documentation where it gives them (section named per test), and
// from .NET's semantics otherwise.
//
//===----------------------------------------------------------------------===//

#include "EvalTestSupport.h"

using namespace armor;
using namespace armor::evaltest;

namespace {

class StringFunctions : public EvalFixture {};

// Docs, "base64", "base64ToJson", "base64ToString".
TEST_F(StringFunctions, Base64) {
  EXPECT_EQ(eval("base64('one, two, three')"), "\"b25lLCB0d28sIHRocmVl\"");
  EXPECT_EQ(eval("base64ToString('b25lLCB0d28sIHRocmVl')"),
            "\"one, two, three\"");
  EXPECT_EQ(eval("base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))"),
            "{\"one\":\"a\",\"two\":\"b\"}");
  EXPECT_EQ(eval("base64('')"), "\"\"");
  EXPECT_EQ(eval("base64('a')"), "\"YQ==\"");
  EXPECT_EQ(eval("base64('ab')"), "\"YWI=\"");
  EXPECT_EQ(eval("base64ToString(base64('h\u00e9llo'))"), "\"h\u00e9llo\"");
  EXPECT_EQ(errors(), "");
  EXPECT_EQ(eval("base64ToString('not base64!')"),
            "unknown[base64ToString('not base64!')]");
  EXPECT_EQ(
      errors(),
      "function 'base64ToString' fails: the argument is not valid base64");
}

// Docs, "concat": strings and arrays.
TEST_F(StringFunctions, Concat) {
  EXPECT_EQ(eval("concat('prefix', '-', 'abc')"), "\"prefix-abc\"");
  EXPECT_EQ(eval("concat(createArray('1-1', '1-2'), createArray('2-1'))"),
            "[\"1-1\",\"1-2\",\"2-1\"]");
  EXPECT_EQ(eval("concat('a', 1, true, null())"), "\"a1True\"");
  EXPECT_EQ(eval("concat('only')"), "\"only\"");
  EXPECT_EQ(errors(), "");
  eval("concat('a', createArray('b'))");
  EXPECT_NE(errors(), "");
}

// Docs, "contains": strings case-sensitive, object keys case-insensitive.
TEST_F(StringFunctions, Contains) {
  EXPECT_EQ(eval("contains('OneTwoThree', 'e')"), "true");
  EXPECT_EQ(eval("contains('OneTwoThree', 'z')"), "false");
  EXPECT_EQ(eval("contains('OneTwoThree', 'one')"), "false");
  EXPECT_EQ(eval("contains(createObject('one', 'a', 'two', 'b'), 'one')"),
            "true");
  EXPECT_EQ(eval("contains(createObject('one', 'a', 'two', 'b'), 'ONE')"),
            "true");
  EXPECT_EQ(eval("contains(createObject('one', 'a'), 'a')"), "false");
  EXPECT_EQ(eval("contains(createArray('one', 'two', 'three'), 'three')"),
            "true");
  EXPECT_EQ(eval("contains(createArray('one', 'two', 'three'), 'four')"),
            "false");
  EXPECT_EQ(eval("contains(createArray('one'), 'ONE')"), "false");
  EXPECT_EQ(eval("contains(createArray(1, 2), 2)"), "true");
}

// Docs, "dataUri" and "dataUriToString".
TEST_F(StringFunctions, DataUri) {
  EXPECT_EQ(eval("dataUri('Hello')"),
            "\"data:text/plain;charset=utf8;base64,SGVsbG8=\"");
  EXPECT_EQ(eval("dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')"),
            "\"Hello, World!\"");
  EXPECT_EQ(eval("dataUriToString(dataUri('round trip'))"), "\"round trip\"");
  EXPECT_EQ(eval("dataUriToString('data:,A%20brief%20note')"),
            "\"A brief note\"");
}

// Docs, "empty".
TEST_F(StringFunctions, Empty) {
  EXPECT_EQ(eval("empty(createArray())"), "true");
  EXPECT_EQ(eval("empty(createObject())"), "true");
  EXPECT_EQ(eval("empty('')"), "true");
  EXPECT_EQ(eval("empty(null())"), "true");
  EXPECT_EQ(eval("empty(' ')"), "false");
  EXPECT_EQ(eval("empty(createArray(null()))"), "false");
}

// Docs, "startsWith" and "endsWith": case-insensitive.
TEST_F(StringFunctions, StartsEndsWith) {
  EXPECT_EQ(eval("startsWith('abcdef', 'ab')"), "true");
  EXPECT_EQ(eval("startsWith('abcdef', 'A')"), "true");
  EXPECT_EQ(eval("startsWith('abcdef', 'e')"), "false");
  EXPECT_EQ(eval("endsWith('abcdef', 'ef')"), "true");
  EXPECT_EQ(eval("endsWith('abcdef', 'F')"), "true");
  EXPECT_EQ(eval("endsWith('abcdef', 'e')"), "false");
  EXPECT_EQ(eval("startsWith('ab', 'abc')"), "false");
  EXPECT_EQ(eval("endsWith('', '')"), "true");
}

// Docs, "first" and "last".
TEST_F(StringFunctions, FirstLast) {
  EXPECT_EQ(eval("first(createArray('one', 'two', 'three'))"), "\"one\"");
  EXPECT_EQ(eval("first('One Two Three')"), "\"O\"");
  EXPECT_EQ(eval("last(createArray('one', 'two', 'three'))"), "\"three\"");
  EXPECT_EQ(eval("last('One Two Three')"), "\"e\"");
  EXPECT_EQ(eval("first(createArray())"), "null");
  EXPECT_EQ(eval("first('')"), "\"\"");
  EXPECT_EQ(eval("last(null())"), "null");
}

// Docs, "format", and .NET composite formatting.
TEST_F(StringFunctions, Format) {
  EXPECT_EQ(eval("format('{0}, {1}. Formatted number: {2:N0}', 'Hello', "
                 "'User', 8175133)"),
            "\"Hello, User. Formatted number: 8,175,133\"");
  EXPECT_EQ(eval("format('{0:D3}', 7)"), "\"007\"");
  EXPECT_EQ(eval("format('{0:D3}', -7)"), "\"-007\"");
  EXPECT_EQ(eval("format('{0:000}', 42)"), "\"042\"");
  EXPECT_EQ(eval("format('{0:00}', 123)"), "\"123\"");
  EXPECT_EQ(eval("format('{0:N}', 1234)"), "\"1,234.00\"");
  EXPECT_EQ(eval("format('{0:N2}', -1234567)"), "\"-1,234,567.00\"");
  EXPECT_EQ(eval("format('{0:F1}', 3)"), "\"3.0\"");
  EXPECT_EQ(eval("format('{0:X}', 255)"), "\"FF\"");
  EXPECT_EQ(eval("format('{0:x4}', 255)"), "\"00ff\"");
  EXPECT_EQ(eval("format('{0:X}', -1)"), "\"FFFFFFFFFFFFFFFF\"");
  EXPECT_EQ(eval("format('{0:P0}', 1)"), "\"100 %\"");
  EXPECT_EQ(eval("format('{0:E}', 8175133)"), "\"8.175133E+006\"");
  EXPECT_EQ(eval("format('{0:#,##0}', 1234567)"), "\"1,234,567\"");
  EXPECT_EQ(eval("format('{0:#,##0}', 0)"), "\"0\"");
  EXPECT_EQ(eval("format('{0,5}|{1,-5}|', 'ab', 'cd')"), "\"   ab|cd   |\"");
  EXPECT_EQ(eval("format('{{0}} {0}', 'x')"), "\"{0} x\"");
  EXPECT_EQ(eval("format('{0}-{0}', 'a')"), "\"a-a\"");
  EXPECT_EQ(eval("format('{0} {1}', true, null())"), "\"True \"");
  EXPECT_EQ(eval("format('{0}', createArray('a', 1))"), "\"['a',1]\"");
  EXPECT_EQ(eval("format('{0}', createObject('k', 'v'))"), "\"{'k':'v'}\"");
  EXPECT_EQ(eval("format('{0:D2}/{1}', 5, 'x')"), "\"05/x\"");
  EXPECT_EQ(errors(), "");
  eval("format('{1}', 'only one')");
  EXPECT_EQ(errors(), "function 'format' fails: a format item refers to an "
                      "argument that was not given");
  eval("format('{0', 'a')");
  EXPECT_NE(errors(), "");
  eval("format('}', 'a')");
  EXPECT_NE(errors(), "");
}

// Docs, "indexOf" and "lastIndexOf": case-insensitive.
TEST_F(StringFunctions, IndexOf) {
  EXPECT_EQ(eval("indexOf('test', 't')"), "0");
  EXPECT_EQ(eval("lastIndexOf('test', 't')"), "3");
  EXPECT_EQ(eval("indexOf('abcdef', 'CD')"), "2");
  EXPECT_EQ(eval("lastIndexOf('abcdef', 'AB')"), "0");
  EXPECT_EQ(eval("indexOf('abcdef', 'z')"), "-1");
  EXPECT_EQ(eval("indexOf(createArray('a', 'b', 'a'), 'a')"), "0");
  EXPECT_EQ(eval("lastIndexOf(createArray('a', 'b', 'a'), 'a')"), "2");
  EXPECT_EQ(eval("indexOf(createArray(1, 2), 3)"), "-1");
}

// Docs, "join", "split".
TEST_F(StringFunctions, JoinSplit) {
  EXPECT_EQ(eval("join(createArray('one', 'two', 'three'), ',')"),
            "\"one,two,three\"");
  EXPECT_EQ(eval("join(createArray(), ',')"), "\"\"");
  EXPECT_EQ(eval("split('one,two,three', ',')"), "[\"one\",\"two\",\"three\"]");
  EXPECT_EQ(eval("split('one;two,three', createArray(',', ';'))"),
            "[\"one\",\"two\",\"three\"]");
  EXPECT_EQ(eval("split('a,,b', ',')"), "[\"a\",\"\",\"b\"]");
  EXPECT_EQ(eval("split('', ',')"), "[\"\"]");
  EXPECT_EQ(eval("split('/subscriptions/x/resourceGroups/rg', '/')[4]"),
            "\"rg\"");
  EXPECT_EQ(errors(), "");
  eval("join(createArray('a', 1), ',')");
  EXPECT_NE(errors(), "");
}

// Docs, "json" (object functions page): json() and string() round trips.
TEST_F(StringFunctions, JsonAndString) {
  EXPECT_EQ(eval("json('{\"a\": \"b\"}')"), "{\"a\":\"b\"}");
  EXPECT_EQ(eval("json('[1, 2, 3]')"), "[1,2,3]");
  EXPECT_EQ(eval("json('null')"), "null");
  EXPECT_EQ(eval("json('true')"), "true");
  EXPECT_EQ(eval("json('\"text\"')"), "\"text\"");
  EXPECT_EQ(eval("json('1.5')"), "1.5");
  EXPECT_EQ(eval("json(null())"), "{}");
  EXPECT_EQ(eval("string(createObject('valueA', 10, 'valueB', "
                 "'Example Text'))"),
            "\"{\\\"valueA\\\":10,\\\"valueB\\\":\\\"Example Text\\\"}\"");
  EXPECT_EQ(eval("string(createArray('a', 'b', 'c'))"),
            "\"[\\\"a\\\",\\\"b\\\",\\\"c\\\"]\"");
  EXPECT_EQ(eval("string(5)"), "\"5\"");
  EXPECT_EQ(eval("string(true)"), "\"True\"");
  EXPECT_EQ(eval("string(null())"), "\"\"");
  EXPECT_EQ(eval("string('s')"), "\"s\"");
  EXPECT_EQ(eval("string(json('1.0'))"), "\"1\"");
  EXPECT_EQ(eval("string(json('{\"a\": 1.0}'))"), "\"{\\\"a\\\":1.0}\"");
  // Round trips.
  EXPECT_EQ(eval("json(string(createObject('k', createArray(1, 'two', "
                 "null(), true))))"),
            "{\"k\":[1,\"two\",null,true]}");
  EXPECT_EQ(eval("string(json('{\"q\": \"say \\\"hi\\\"\"}'))"),
            "\"{\\\"q\\\":\\\"say \\\\\\\"hi\\\\\\\"\\\"}\"");
  EXPECT_EQ(errors(), "");
  eval("json('{bad')");
  EXPECT_NE(errors(), "");
}

// Docs, "length".
TEST_F(StringFunctions, Length) {
  EXPECT_EQ(eval("length(createArray('a', 'b', 'c'))"), "3");
  EXPECT_EQ(eval("length('One Two Three')"), "13");
  EXPECT_EQ(eval("length(createObject('a', 1, 'b', 2))"), "2");
  EXPECT_EQ(eval("length(null())"), "0");
  // .NET counts UTF-16 code units.
  EXPECT_EQ(eval("length('h\u00e9')"), "2");
  EXPECT_EQ(eval("length('\U0001F600')"), "2");
}

// Docs, "padLeft".
TEST_F(StringFunctions, PadLeft) {
  EXPECT_EQ(eval("padLeft('123', 10, '0')"), "\"0000000123\"");
  EXPECT_EQ(eval("padLeft(7, 3, '0')"), "\"007\"");
  EXPECT_EQ(eval("padLeft('abc', 2, '0')"), "\"abc\"");
  EXPECT_EQ(eval("padLeft('x', 3)"), "\"  x\"");
  EXPECT_EQ(errors(), "");
  eval("padLeft('x', 3, 'ab')");
  EXPECT_NE(errors(), "");
}

// Docs, "replace".
TEST_F(StringFunctions, Replace) {
  EXPECT_EQ(eval("replace('123-123-1234', '-', '')"), "\"1231231234\"");
  EXPECT_EQ(eval("replace('123-123-1234', '1234', 'xxxx')"),
            "\"123-123-xxxx\"");
  EXPECT_EQ(eval("replace('aaa', 'aa', 'b')"), "\"ba\"");
  EXPECT_EQ(eval("replace('', 'a', 'b')"), "\"\"");
  EXPECT_EQ(errors(), "");
  eval("replace('abc', '', 'x')");
  EXPECT_EQ(errors(),
            "function 'replace' fails: the string to replace cannot be empty");
}

// Docs, "skip" and "take".
TEST_F(StringFunctions, SkipTake) {
  EXPECT_EQ(eval("skip(createArray('one', 'two', 'three'), 2)"), "[\"three\"]");
  EXPECT_EQ(eval("skip('one two three', 4)"), "\"two three\"");
  EXPECT_EQ(eval("take(createArray('one', 'two', 'three'), 2)"),
            "[\"one\",\"two\"]");
  EXPECT_EQ(eval("take('one two three', 2)"), "\"on\"");
  EXPECT_EQ(eval("take('abc', -1)"), "\"\"");
  EXPECT_EQ(eval("skip('abc', -1)"), "\"abc\"");
  EXPECT_EQ(eval("take('abc', 10)"), "\"abc\"");
  EXPECT_EQ(eval("skip(createArray(1), 5)"), "[]");
}

// Docs, "substring".
TEST_F(StringFunctions, Substring) {
  EXPECT_EQ(eval("substring('hello there', 1, 3)"), "\"ell\"");
  EXPECT_EQ(eval("substring('hello there', 6)"), "\"there\"");
  EXPECT_EQ(eval("substring('abc', 3)"), "\"\"");
  EXPECT_EQ(eval("substring('abc', 0, 3)"), "\"abc\"");
  EXPECT_EQ(errors(), "");
  // The docs' failing example: the length goes beyond the end.
  EXPECT_EQ(eval("substring('hello', 1, 5)"),
            "unknown[substring('hello', 1, 5)]");
  EXPECT_EQ(errors(), "function 'substring' fails: the substring from 1 of "
                      "length 5 goes beyond the end of a string of length 5");
  eval("substring('abc', -1)");
  EXPECT_NE(errors(), "");
}

// Docs, "toLower", "toUpper", "trim".
TEST_F(StringFunctions, CaseAndTrim) {
  EXPECT_EQ(eval("toLower('One Two Three')"), "\"one two three\"");
  EXPECT_EQ(eval("toUpper('One Two Three')"), "\"ONE TWO THREE\"");
  EXPECT_EQ(eval("toLower('\u00c9T\u00c9')"), "\"\u00e9t\u00e9\"");
  EXPECT_EQ(eval("trim('    one two three   ')"), "\"one two three\"");
  EXPECT_EQ(eval("trim('\tx\n')"), "\"x\"");
}

// Docs, "uri", "uriComponent", "uriComponentToString".
TEST_F(StringFunctions, Uri) {
  EXPECT_EQ(
      eval("uri('http://contoso.com/resources/', 'nested/azuredeploy.json')"),
      "\"http://contoso.com/resources/nested/azuredeploy.json\"");
  EXPECT_EQ(eval("uri('http://contoso.com/resources/azuredeploy.json', "
                 "'nested/azuredeploy.json')"),
            "\"http://contoso.com/resources/nested/azuredeploy.json\"");
  EXPECT_EQ(eval("uri('http://contoso.com/a/b/c', '../d')"),
            "\"http://contoso.com/a/d\"");
  EXPECT_EQ(eval("uri('http://contoso.com/a/b', '/root')"),
            "\"http://contoso.com/root\"");
  EXPECT_EQ(eval("uri('http://contoso.com', 'x.json')"),
            "\"http://contoso.com/x.json\"");
  EXPECT_EQ(eval("uri('https://a.com/x/', 'https://b.com/y')"),
            "\"https://b.com/y\"");
  EXPECT_EQ(eval("uriComponent('http://contoso.com/resources/nested/"
                 "azuredeploy.json')"),
            "\"http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy."
            "json\"");
  EXPECT_EQ(eval("uriComponentToString('http%3A%2F%2Fcontoso.com%2F"
                 "resources%2Fnested%2Fazuredeploy.json')"),
            "\"http://contoso.com/resources/nested/azuredeploy.json\"");
  EXPECT_EQ(eval("uriComponent('a b~c')"), "\"a%20b~c\"");
  EXPECT_EQ(errors(), "");
  eval("uri('not a uri', 'x')");
  EXPECT_NE(errors(), "");
}

// Unknown arguments fold: known arguments become literals.
TEST_F(StringFunctions, UnknownArgumentsFold) {
  addParameter("name", "string");
  EXPECT_EQ(eval("concat('st', toLower(parameters('name')), '01')"),
            "unknown[concat('st', toLower(parameters('name')), '01')]");
  EXPECT_EQ(why("concat('st', parameters('name'))"),
            "parameter 'name' has no value");
  EXPECT_EQ(eval("format('{0}-{1}', concat('a', 'b'), parameters('name'))"),
            "unknown[format('{0}-{1}', 'ab', parameters('name'))]");
  EXPECT_EQ(eval("length(createArray(parameters('name'), 'b'))"), "2");
  EXPECT_EQ(eval("empty(createArray(parameters('name')))"), "false");
  EXPECT_EQ(errors(), "");
}

// Arity and unknown functions are reported.
TEST_F(StringFunctions, ArityErrors) {
  eval("substring('a')");
  EXPECT_EQ(errors(), "function 'substring' expects 2 to 3 arguments, got 1");
  eval("toLower()");
  EXPECT_EQ(errors(), "function 'toLower' expects 1 argument, got 0");
  eval("concat()");
  EXPECT_EQ(errors(), "function 'concat' expects at least 1 argument, got 0");
  EXPECT_EQ(eval("noSuchFunction(1)"), "unknown[noSuchFunction(1)]");
  EXPECT_EQ(errors(), "unknown function 'noSuchFunction'");
  // Function names are case-insensitive.
  EXPECT_EQ(eval("TOLOWER('A')"), "\"a\"");
}

} // namespace
