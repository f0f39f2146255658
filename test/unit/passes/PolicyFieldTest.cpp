//===- PolicyFieldTest.cpp - Fields and aliases of Azure Policy -----------===//

#include "passes/policy/PolicyField.h"

#include <gtest/gtest.h>

using namespace armor;
using namespace armor::policy;

namespace {

/// The declaration path a field reads, as "a.b[*].c".
std::string pathOf(llvm::StringRef text) {
  std::string error;
  std::optional<FieldRef> ref = parseField(text, error);
  EXPECT_TRUE(ref) << error;
  if (!ref)
    return "<error>";
  std::string out;
  for (const PathStep &step : ref->path) {
    if (step.wildcard) {
      out += "[*]";
      continue;
    }
    if (!out.empty())
      out += '.';
    out += step.key;
  }
  return out;
}

std::string errorOf(llvm::StringRef text) {
  std::string error;
  EXPECT_FALSE(parseField(text, error)) << text.str();
  return error;
}

TEST(PolicyFieldTest, FixedFields) {
  std::string error;
  EXPECT_EQ(parseField("name", error)->kind, FieldRef::Kind::Name);
  EXPECT_EQ(parseField("FullName", error)->kind, FieldRef::Kind::FullName);
  EXPECT_EQ(parseField("type", error)->kind, FieldRef::Kind::Type);
  EXPECT_EQ(parseField("location", error)->kind, FieldRef::Kind::Location);
  EXPECT_EQ(parseField("id", error)->kind, FieldRef::Kind::Id);
  EXPECT_EQ(pathOf("kind"), "kind");
  EXPECT_EQ(pathOf("identity.type"), "identity.type");
}

TEST(PolicyFieldTest, TagForms) {
  EXPECT_EQ(pathOf("tags"), "tags");
  EXPECT_EQ(pathOf("tags['cost center']"), "tags.cost center");
  EXPECT_EQ(pathOf("tags['it''s']"), "tags.it's");
  EXPECT_EQ(pathOf("tags.env"), "tags.env");
  EXPECT_EQ(pathOf("tags[env]"), "tags.env");
  EXPECT_NE(errorOf("tags[]").find("names no tag"), std::string::npos);
}

TEST(PolicyFieldTest, AliasesMapToProperties) {
  EXPECT_EQ(
      pathOf("Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly"),
      "properties.supportsHttpsTrafficOnly");
  EXPECT_EQ(pathOf("Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]"
                   ".value"),
            "properties.networkAcls.ipRules[*].value");
  EXPECT_EQ(pathOf("Microsoft.Network/networkSecurityGroups/securityRules/"
                   "access"),
            "properties.access");
  std::string error;
  std::optional<FieldRef> ref = parseField(
      "Microsoft.Network/networkSecurityGroups/securityRules[*].access", error);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->aliasType, "Microsoft.Network/networkSecurityGroups");
  EXPECT_TRUE(ref->hasWildcard());
  EXPECT_FALSE(ref->isCollection());
}

TEST(PolicyFieldTest, AliasExceptions) {
  EXPECT_EQ(pathOf("Microsoft.Storage/storageAccounts/sku.name"), "sku.name");
  EXPECT_EQ(pathOf("Microsoft.Web/sites/kind"), "kind");
  EXPECT_EQ(pathOf("Microsoft.Compute/virtualMachines/sku.name"),
            "properties.hardwareProfile.vmSize");
  EXPECT_EQ(pathOf("Microsoft.Compute/virtualMachines/imagePublisher"),
            "properties.storageProfile.imageReference.publisher");
  EXPECT_EQ(pathOf("Microsoft.Compute/virtualMachines/osDisk.managedDisk."
                   "storageAccountType"),
            "properties.storageProfile.osDisk.managedDisk.storageAccountType");
  EXPECT_EQ(pathOf("Microsoft.KeyVault/vaults/sku.name"),
            "properties.sku.name");
  // A prefix matches at a path boundary only.
  EXPECT_EQ(pathOf("Microsoft.Compute/virtualMachines/osDiskSize"),
            "properties.osDiskSize");
}

TEST(PolicyFieldTest, UnknownAliases) {
  EXPECT_NE(errorOf("properties.supportsHttpsTrafficOnly")
                .find("unknown alias 'properties.supportsHttpsTrafficOnly'"),
            std::string::npos);
  EXPECT_NE(errorOf("Microsoft.Storage/storageAccounts")
                .find("'Microsoft.Storage' is not a resource type"),
            std::string::npos);
  EXPECT_NE(errorOf("Storage/accounts/x").find("unknown alias"),
            std::string::npos);
  EXPECT_NE(errorOf("Microsoft.Web/sites/siteConfig..x")
                .find("is not a property path"),
            std::string::npos);
  EXPECT_NE(errorOf("Microsoft.Web/sites/[*]").find("is not a property path"),
            std::string::npos);
}

TEST(PolicyFieldTest, InsideACollection) {
  std::string error;
  FieldRef rules = *parseField(
      "Microsoft.Network/networkSecurityGroups/securityRules[*]", error);
  FieldRef access = *parseField(
      "microsoft.network/networkSecurityGroups/securityRules[*].access", error);
  FieldRef other =
      *parseField("Microsoft.Network/virtualNetworks/subnets[*].name", error);
  EXPECT_TRUE(rules.isCollection());
  std::vector<PathStep> rest;
  ASSERT_TRUE(isInside(access, rules, rest));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest.front().key, "access");
  EXPECT_FALSE(isInside(other, rules, rest));
}

} // namespace
