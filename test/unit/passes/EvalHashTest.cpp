//===- EvalHashTest.cpp - uniqueString() and guid() known values ----------===//
//
// uniqueString() and guid(): values the official Bicep compiler computed
// with ARM's engine (corpus/bicep/baselines_bicepparam/Expressions), and the
// inputs and outputs of a public reimplementation checked against Bicep.
// guid() is RFC 4122 version 5 in the namespace
// 11fb06fb-712d-4ddd-98c7-e71bbd588830; more values cross-checked with
// Python's uuid.uuid5.
//
//===----------------------------------------------------------------------===//

#include "EvalTestSupport.h"

#include "passes/eval/Hash.h"

using namespace armor;
using namespace armor::evaltest;

namespace {

class EvalHash : public EvalFixture {};

TEST_F(EvalHash, UniqueStringKnownValues) {
  EXPECT_EQ(eval("uniqueString('test')"), "\"rbgf3xv4ufgzg\"");
  EXPECT_EQ(eval("uniqueString('hello', 'world')"), "\"a7wkljktk6wne\"");
  EXPECT_EQ(eval("uniqueString('abc')"), "\"cgtzqvhu4i23s\"");
  EXPECT_EQ(eval("uniqueString('/subscriptions/"
                 "00000000-0000-0000-0000-000000000000/resourceGroups/my-rg')"),
            "\"bmg7c6xu4tw46\"");
  EXPECT_EQ(eval("uniqueString('foo', 'bar', 'baz')"), "\"xzi4ioaxtmth4\"");
  // Evaluated by the official Bicep compiler (ARM's own engine):
  // corpus/bicep/baselines_bicepparam/Expressions/parameters.json. A tail
  // of 5 bytes after the 8-byte blocks.
  EXPECT_EQ(eval("uniqueString('asd', 'asdf', 'asdf')"), "\"iizpqit7ih3cc\"");
}

TEST_F(EvalHash, UniqueStringJoinsWithDash) {
  EXPECT_EQ(eval("uniqueString('hello', 'world')"),
            eval("uniqueString('hello-world')"));
  EXPECT_NE(eval("uniqueString('helloworld')"),
            eval("uniqueString('hello-world')"));
  // Every tail length of the 8-byte blocks.
  for (const char *s : {"a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg",
                        "abcdefgh", "abcdefghi"}) {
    std::string out = eval::computeUniqueString(s);
    EXPECT_EQ(out.size(), 13u);
    EXPECT_TRUE(llvm::all_of(out, [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
    }));
  }
  // Case-sensitive, as Azure's hash is.
  EXPECT_NE(eval("uniqueString('ABC')"), eval("uniqueString('abc')"));
}

TEST_F(EvalHash, GuidKnownValues) {
  // corpus/bicep/baselines_bicepparam/Expressions/parameters.json.
  EXPECT_EQ(eval("guid('asdf')"), "\"228d27cc-6fdb-5934-b7ac-1efccebade04\"");
  EXPECT_EQ(eval("guid('hello')"), "\"520f8434-fe3a-5d99-888d-450a827486a1\"");
  EXPECT_EQ(eval("guid('a', 'b', 'c')"),
            "\"a98fa280-e03f-5afa-8d8e-92d0a9c201e8\"");
  EXPECT_EQ(eval("guid('/subscriptions/00000000-0000-0000-0000-000000000000/"
                 "resourceGroups/rg')"),
            "\"9aa66516-21bf-591d-8865-b805a6ac9414\"");
  EXPECT_EQ(eval("guid('')"), "\"e655a85f-3ab2-5e4a-9666-569aa72a5a10\"");
  EXPECT_EQ(eval("guid('h\u00e9llo')"),
            "\"344d46d5-ee69-50eb-9399-360ef14aa954\"");
}

TEST_F(EvalHash, UnknownInputsStayUnknown) {
  EXPECT_EQ(eval("uniqueString(resourceGroup().id)"),
            "unknown[uniqueString(resourceGroup().id)]");
  EXPECT_EQ(why("uniqueString(resourceGroup().id)"),
            "resourceGroup() is not configured");
  EXPECT_EQ(eval("guid(subscription().id, 'x')"),
            "unknown[guid(subscription().id, 'x')]");
  EXPECT_EQ(eval("newGuid()"), "unknown[newGuid()]");
  EXPECT_EQ(why("newGuid()"), "newGuid() is only known at deployment");
  // Only strings are accepted.
  eval("uniqueString(1)");
  EXPECT_EQ(errors(),
            "function 'uniqueString' fails: argument 1 must be a string, not "
            "int");
}

TEST(EvalBase64, DotNetRules) {
  EXPECT_EQ(eval::decodeBase64("SGVs bG8=").value_or("?"), "Hello");
  EXPECT_FALSE(eval::decodeBase64("SGVsbG8").has_value());
  EXPECT_FALSE(eval::decodeBase64("SG=sbG8=").has_value());
  EXPECT_EQ(eval::encodeBase64(std::string("\0\xff", 2)), "AP8=");
}

} // namespace
