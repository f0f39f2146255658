//===- ArrayFunctionsTest.cpp - ARM array and object functions ------------===//
//
// Expected values come from the "Array functions" and "Object functions"
// pages of the ARM template documentation (section named per test).
//
//===----------------------------------------------------------------------===//

#include "EvalTestSupport.h"

using namespace armor;
using namespace armor::evaltest;

namespace {

class ArrayFunctions : public EvalFixture {};

// Docs, "array".
TEST_F(ArrayFunctions, Array) {
  EXPECT_EQ(eval("array(1)"), "[1]");
  EXPECT_EQ(eval("array('efgh')"), "[\"efgh\"]");
  EXPECT_EQ(eval("array(createObject('a', 'b', 'c', 'd'))"),
            "[{\"a\":\"b\",\"c\":\"d\"}]");
  EXPECT_EQ(eval("array(createArray(1, 2))"), "[1,2]");
}

// Docs, "createArray", "createObject".
TEST_F(ArrayFunctions, Create) {
  EXPECT_EQ(eval("createArray('a', 'b', 'c')"), "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(eval("createArray()"), "[]");
  EXPECT_EQ(eval("createObject('intProp', 1, 'stringProp', 'abc', "
                 "'boolProp', true(), 'arrayProp', createArray('a', 'b', "
                 "'c'), 'objectProp', createObject('key1', 'value1'))"),
            "{\"intProp\":1,\"stringProp\":\"abc\",\"boolProp\":true,"
            "\"arrayProp\":[\"a\",\"b\",\"c\"],\"objectProp\":{\"key1\":"
            "\"value1\"}}");
  EXPECT_EQ(eval("createObject()"), "{}");
  EXPECT_EQ(errors(), "");
  eval("createObject('a')");
  EXPECT_NE(errors(), "");
  eval("createObject('a', 1, 'a', 2)");
  EXPECT_EQ(errors(), "function 'createObject' fails: the property name 'a' "
                      "is given twice");
  // An unknown value stays inside a known object; an unknown key does not.
  addParameter("p", "string");
  EXPECT_EQ(eval("createObject('k', parameters('p'))"),
            "{\"k\":unknown[parameters('p')]}");
  EXPECT_EQ(eval("createObject(parameters('p'), 1)"),
            "unknown[createObject(parameters('p'), 1)]");
}

// Docs, "intersection".
TEST_F(ArrayFunctions, Intersection) {
  EXPECT_EQ(eval("intersection(createObject('one', 'a', 'two', 'b', 'three', "
                 "'c'), createObject('one', 'a', 'two', 'z', 'three', 'c'))"),
            "{\"one\":\"a\",\"three\":\"c\"}");
  EXPECT_EQ(eval("intersection(createArray('one', 'two', 'three'), "
                 "createArray('two', 'three'))"),
            "[\"two\",\"three\"]");
  EXPECT_EQ(eval("intersection(createArray(1, 1, 2), createArray(1, 2), "
                 "createArray(2, 1))"),
            "[1,2]");
}

// Docs, "items": sorted by key.
TEST_F(ArrayFunctions, Items) {
  EXPECT_EQ(eval("items(createObject('item002', createObject('enabled', "
                 "false, 'number', 200), 'item001', createObject('enabled', "
                 "true, 'number', 300)))"),
            "[{\"key\":\"item001\",\"value\":{\"enabled\":true,\"number\":"
            "300}},{\"key\":\"item002\",\"value\":{\"enabled\":false,"
            "\"number\":200}}]");
  EXPECT_EQ(eval("items(createObject('b', 1, 'A', 2, 'c', 3))"),
            "[{\"key\":\"A\",\"value\":2},{\"key\":\"b\",\"value\":1},"
            "{\"key\":\"c\",\"value\":3}]");
  EXPECT_EQ(eval("items(createObject())"), "[]");
}

// Docs, "objectKeys".
TEST_F(ArrayFunctions, ObjectKeys) {
  EXPECT_EQ(eval("objectKeys(createObject('a', 1, 'b', 2))"), "[\"a\",\"b\"]");
}

// Docs, "range".
TEST_F(ArrayFunctions, Range) {
  EXPECT_EQ(eval("range(1, 3)"), "[1,2,3]");
  EXPECT_EQ(eval("range(5, 0)"), "[]");
  EXPECT_EQ(eval("range(-2, 3)"), "[-2,-1,0]");
  EXPECT_EQ(errors(), "");
  eval("range(0, 10001)");
  EXPECT_EQ(errors(),
            "function 'range' fails: the count 10001 is outside 0 to 10000");
  eval("range(2147483647, 2)");
  EXPECT_NE(errors(), "");
}

// Docs, "shallowMerge".
TEST_F(ArrayFunctions, ShallowMerge) {
  EXPECT_EQ(eval("shallowMerge(createArray(createObject('one', 'a'), "
                 "createObject('two', 'b'), createObject('two', 'c')))"),
            "{\"one\":\"a\",\"two\":\"c\"}");
  EXPECT_EQ(eval("shallowMerge(createArray(createObject('one', 'a', "
                 "'nested', createObject('a', 1, 'nested', createObject('c', "
                 "3))), createObject('two', 'b', 'nested', createObject('b', "
                 "2))))"),
            "{\"one\":\"a\",\"nested\":{\"b\":2},\"two\":\"b\"}");
}

// Docs, "union": objects merge nested objects, arrays are distinct.
TEST_F(ArrayFunctions, Union) {
  EXPECT_EQ(eval("union(createObject('one', 'a', 'two', 'b', 'three', "
                 "'c1'), createObject('three', 'c2', 'four', 'd', 'five', "
                 "'e'))"),
            "{\"one\":\"a\",\"two\":\"b\",\"three\":\"c2\",\"four\":\"d\","
            "\"five\":\"e\"}");
  EXPECT_EQ(eval("union(createArray('one', 'two', 'three'), "
                 "createArray('three', 'four'))"),
            "[\"one\",\"two\",\"three\",\"four\"]");
  EXPECT_EQ(eval("union(createObject('property', createObject('one', 'a', "
                 "'two', 'b', 'three', 'c1'), 'nestedArray', createArray(1, "
                 "2)), createObject('property', createObject('three', 'c2', "
                 "'four', 'd', 'five', 'e'), 'nestedArray', createArray(3, "
                 "4)))"),
            "{\"property\":{\"one\":\"a\",\"two\":\"b\",\"three\":\"c2\","
            "\"four\":\"d\",\"five\":\"e\"},\"nestedArray\":[3,4]}");
  // Keys merge case-insensitively.
  EXPECT_EQ(eval("union(createObject('Env', 'dev'), createObject('env', "
                 "'prod'))"),
            "{\"Env\":\"prod\"}");
  EXPECT_EQ(errors(), "");
  eval("union(createArray(), createObject())");
  EXPECT_NE(errors(), "");
}

// union() with unknown values: tags from parameters stay partly known.
TEST_F(ArrayFunctions, UnionWithUnknownParts) {
  addParameter("owner", "string");
  addParameter("extra", "object");
  EXPECT_EQ(eval("union(createObject('env', 'prod'), createObject('owner', "
                 "parameters('owner')))"),
            "{\"env\":\"prod\",\"owner\":unknown[parameters('owner')]}");
  EXPECT_EQ(eval("union(createObject('env', 'prod'), parameters('extra'))"),
            "unknown[union(createObject('env', 'prod'), "
            "parameters('extra'))]");
  EXPECT_EQ(eval("union(createObject('n', createObject('a', 1)), "
                 "createObject('n', parameters('extra')))"),
            "{\"n\":unknown[union(createObject('a', 1), "
            "parameters('extra'))]}");
}

// Docs, "tryGet" (and tryIndexFromEnd, indexFromEnd).
TEST_F(ArrayFunctions, TryGet) {
  EXPECT_EQ(eval("tryGet(createObject('key', 'value'), 'key')"), "\"value\"");
  EXPECT_EQ(eval("tryGet(createObject('key', 'value'), 'KEY')"), "\"value\"");
  EXPECT_EQ(eval("tryGet(createArray('element'), 0)"), "\"element\"");
  EXPECT_EQ(eval("tryGet(createObject(), 'property')"), "null");
  EXPECT_EQ(eval("tryGet(null(), 'property')"), "null");
  EXPECT_EQ(eval("tryGet('string', 'property')"), "null");
  EXPECT_EQ(eval("tryGet(createArray(), 0)"), "null");
  EXPECT_EQ(eval("tryGet(createObject('key', createObject('nestedKey', "
                 "'value')), 'key', 'nestedKey')"),
            "\"value\"");
  EXPECT_EQ(eval("tryGet(createObject('key', createObject('nestedKey', "
                 "'value')), 'unknownKey', 'nestedKey')"),
            "null");
  EXPECT_EQ(errors(), "");
  eval("tryGet(createObject('key', createObject('nestedKey', 'value')), "
       "'key', 'unknownNestedKey')");
  EXPECT_NE(errors(), "");
  EXPECT_EQ(eval("indexFromEnd(createArray(1, 2, 3), 1)"), "3");
  EXPECT_EQ(eval("tryIndexFromEnd(createArray(1, 2, 3), 3)"), "1");
  EXPECT_EQ(eval("tryIndexFromEnd(createArray(1, 2, 3), 4)"), "null");
  EXPECT_EQ(eval("tryIndexFromEnd(createArray(1), 0)"), "null");
  EXPECT_EQ(errors(), "");
  eval("indexFromEnd(createArray(1), 2)");
  EXPECT_NE(errors(), "");
}

TEST_F(ArrayFunctions, FlattenDistinct) {
  EXPECT_EQ(eval("flatten(createArray(createArray('a', 'b'), createArray('c'), "
                 "createArray()))"),
            "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(eval("distinct(createArray('a', 'b', 'a', 'c', 'b'))"),
            "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(eval("distinct(createArray(1, 2, 3, 1, 2, 4))"), "[1,2,3,4]");
  EXPECT_EQ(eval("distinct(createArray(createObject('a', 1), "
                 "createObject('a', 1), createObject('b', 2)))"),
            "[{\"a\":1},{\"b\":2}]");
}

// Indexing and member access.
TEST_F(ArrayFunctions, Access) {
  EXPECT_EQ(eval("createArray(1, 2, 3)[2]"), "3");
  EXPECT_EQ(eval("createObject('Name', 'x').name"), "\"x\"");
  EXPECT_EQ(eval("createObject('a', createObject('b', 1))['A'].b"), "1");
  EXPECT_EQ(errors(), "");
  EXPECT_EQ(eval("createArray(1, 2)[2]"), "unknown[createArray(1, 2)[2]]");
  EXPECT_EQ(errors(), "index 2 is out of bounds of an array of length 2");
  eval("createObject('a', 1).b");
  EXPECT_EQ(errors(), "property 'b' does not exist; the object has 'a'");
  eval("null().b");
  EXPECT_EQ(errors(), "cannot read property 'b' of a value of type null");
}

} // namespace
