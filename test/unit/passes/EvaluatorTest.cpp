//===- EvaluatorTest.cpp - The evaluation machinery -----------------------===//
//
// Parameters, variables, enumerated values, folding, limits and whole-module
// evaluation (copy loops, conditions, nested deployments).
//
//===----------------------------------------------------------------------===//

#include "EvalTestSupport.h"

using namespace armor;
using namespace armor::evaltest;

namespace {

class Evaluator : public EvalFixture {};

TEST_F(Evaluator, ParameterPrecedence) {
  addParameter("supplied", "string", json("'default'"));
  module.parameters.back().suppliedValue = Value::string("from file");
  addParameter("defaulted", "string", json("'default'"),
               json("['a', 'default']"));
  addParameter("allowed", "string", std::nullopt, json("['dev', 'prod']"));
  addParameter("single", "string", std::nullopt, json("['only']"));
  addParameter("none", "string");
  addParameter("chained", "string",
               json("\"[concat(parameters('defaulted'), "
                    "'-x')]\""));
  EXPECT_EQ(eval("parameters('supplied')"), "\"from file\"");
  EXPECT_EQ(eval("parameters('defaulted')"), "\"default\"");
  EXPECT_EQ(eval("parameters('allowed')"), "one-of(\"dev\"|\"prod\")");
  EXPECT_EQ(why("parameters('allowed')"),
            "parameter 'allowed' has no value; its allowedValues");
  EXPECT_EQ(eval("parameters('single')"), "\"only\"");
  EXPECT_EQ(eval("parameters('none')"), "unknown[parameters('none')]");
  EXPECT_EQ(why("parameters('none')"), "parameter 'none' has no value");
  EXPECT_EQ(eval("parameters('chained')"), "\"default-x\"");
  EXPECT_EQ(eval("parameters('CHAINED')"), "\"default-x\"");
  EXPECT_EQ(errors(), "");
  eval("parameters('missing')");
  EXPECT_EQ(errors(), "parameter 'missing' is not declared");
}

TEST_F(Evaluator, ParameterFileExpressionsAreLiterals) {
  addParameter("p", "string");
  module.parameters.back().suppliedValue =
      Value::expression(parseExpr("concat('a', 'b')"));
  EXPECT_EQ(eval("parameters('p')"), "\"[concat('a', 'b')]\"");
}

TEST_F(Evaluator, KeyVaultReferenceIsUnknown) {
  addParameter("secret", "securestring");
  module.parameters.back().suppliedValue =
      Value::unknown(parseExpr("reference('adminPassword')"),
                     "parameter 'secret' is the Key Vault secret "
                     "'adminPassword'");
  EXPECT_EQ(eval("parameters('secret')"),
            "unknown[reference('adminPassword')]");
  EXPECT_EQ(why("concat('x', parameters('secret'))"),
            "parameter 'secret' is the Key Vault secret 'adminPassword'");
}

TEST_F(Evaluator, NullableParameterIsNull) {
  addParameter("lock", "object");
  module.parameters.back().declaration =
      json("{'type': 'object', 'nullable': true}");
  EXPECT_EQ(eval("coalesce(parameters('lock'), createObject('kind', "
                 "'None'))"),
            "{\"kind\":\"None\"}");
}

TEST_F(Evaluator, EnumeratedMapsOverAlternatives) {
  addParameter("env", "string", std::nullopt, json("['Dev', 'Prod']"));
  EXPECT_EQ(eval("toLower(parameters('env'))"), "one-of(\"dev\"|\"prod\")");
  EXPECT_EQ(eval("concat('rg-', parameters('env'))"),
            "one-of(\"rg-Dev\"|\"rg-Prod\")");
  // The same parameter takes the same alternative everywhere in a call.
  EXPECT_EQ(eval("concat(parameters('env'), '/', parameters('env'))"),
            "one-of(\"Dev/Dev\"|\"Prod/Prod\")");
  EXPECT_EQ(eval("equals(parameters('env'), 'Prod')"), "one-of(false|true)");
  EXPECT_EQ(eval("if(equals(parameters('env'), 'Prod'), 'Premium', "
                 "'Standard')"),
            "one-of(\"Premium\"|\"Standard\")");
  EXPECT_EQ(eval("length(parameters('env'))"), "one-of(3|4)");
  EXPECT_EQ(eval("toLower(substring(parameters('env'), 0, 1))"),
            "one-of(\"d\"|\"p\")");
  // Alternatives that give the same result collapse into a known value.
  EXPECT_EQ(eval("length(toLower(parameters('env')))"), "one-of(3|4)");
  EXPECT_EQ(eval("empty(parameters('env'))"), "false");
  // Mapped results keep an expression for display.
  Value v = evaluate("toUpper(parameters('env'))");
  ASSERT_TRUE(v.isEnumerated());
  ASSERT_TRUE(v.expr());
  EXPECT_EQ(v.expr()->str(), "toUpper(parameters('env'))");
  EXPECT_EQ(errors(), "");
}

TEST_F(Evaluator, EnumeratedCombinationsAreCapped) {
  std::string allowed = "['0','1','2','3','4','5','6','7','8','9']";
  for (const char *name : {"a", "b", "c"})
    addParameter(name, "string", std::nullopt, json(allowed));
  // 10 x 10 = 100 combinations: more than 64, so unknown.
  EXPECT_EQ(eval("concat(parameters('a'), parameters('b'))"),
            "unknown[concat(parameters('a'), parameters('b'))]");
  EXPECT_EQ(eval("concat(parameters('a'), 'x')").substr(0, 7), "one-of(");
  EXPECT_EQ(errors(), "");
}

TEST_F(Evaluator, VariablesAreLazyAndMemoized) {
  addVariable("base", json("'st'"));
  addVariable("name", json("\"[concat(variables('base'), 'x')]\""));
  addVariable("obj", json("{'a': \"[variables('name')]\", 'b': [1, "
                          "\"[add(1, 1)]\"]}"));
  EXPECT_EQ(eval("variables('name')"), "\"stx\"");
  EXPECT_EQ(eval("variables('obj')"), "{\"a\":\"stx\",\"b\":[1,2]}");
  EXPECT_EQ(eval("variables('OBJ').b[1]"), "2");
  EXPECT_EQ(errors(), "");
  eval("variables('nope')");
  EXPECT_EQ(errors(), "variable 'nope' is not declared");
}

TEST_F(Evaluator, VariableCycleIsNamed) {
  addVariable("a", json("\"[variables('b')]\""));
  addVariable("b", json("\"[concat(variables('a'), 'x')]\""));
  addVariable("c", json("\"[variables('a')]\""));
  EXPECT_EQ(eval("variables('c')"), "unknown[concat(variables('a'), 'x')]");
  EXPECT_EQ(errors(), "variables form a cycle: a -> b -> a");
  addVariable("self", json("\"[variables('self')]\""));
  eval("variables('self')");
  EXPECT_EQ(errors(), "variables form a cycle: self -> self");
}

TEST_F(Evaluator, VariableCopyLoop) {
  addVariable("copy", json(R"([
    {"name": "disks", "count": 3,
     "input": {"name": "[concat('disk', copyIndex('disks', 1))]",
               "lun": "[copyIndex('disks')]"}},
    {"name": "ints", "count": "[add(1, 1)]", "input": "[copyIndex('ints')]"}
  ])"));
  EXPECT_EQ(eval("variables('disks')"),
            "[{\"name\":\"disk1\",\"lun\":0},{\"name\":\"disk2\",\"lun\":1},"
            "{\"name\":\"disk3\",\"lun\":2}]");
  EXPECT_EQ(eval("variables('ints')"), "[0,1]");
  EXPECT_EQ(errors(), "");
}

TEST_F(Evaluator, PropertyCopyLoop) {
  addVariable("v", json(R"({
    "copy": [{"name": "subnets", "count": 2,
              "input": {"name": "[format('s{0}', copyIndex('subnets'))]"}}],
    "other": 1})"));
  EXPECT_EQ(eval("variables('v')"),
            "{\"subnets\":[{\"name\":\"s0\"},{\"name\":\"s1\"}],\"other\":1}");
  addParameter("n", "int");
  addVariable("w", json(R"({"copy": [{"name": "xs",
    "count": "[parameters('n')]", "input": "[copyIndex('xs')]"}]})"));
  EXPECT_EQ(eval("variables('w')"),
            "{\"xs\":unknown[copy('xs', parameters('n'))]}");
  EXPECT_EQ(errors(), "");
}

TEST_F(Evaluator, CopyCountLimit) {
  addVariable("copy", json(R"([{"name": "big", "count": 1000000000,
                                "input": "[copyIndex('big')]"}])"));
  EXPECT_EQ(eval("length(variables('big'))"),
            "unknown[length(copy('big', 1000000000))]");
  EXPECT_EQ(errors(), "copy loop 'big' has count 1000000000; Azure allows at "
                      "most 800");
}

TEST_F(Evaluator, DoublingStringIsBounded) {
  addVariable("v0", json("'abcdefghijklmnop'"));
  for (int i = 1; i <= 60; ++i) {
    std::string previous = llvm::formatv("v{0}", i - 1).str();
    addVariable(llvm::formatv("v{0}", i).str(),
                json(llvm::formatv("\"[concat(variables('{0}'), "
                                   "variables('{0}'))]\"",
                                   previous)
                         .str()));
  }
  Value v = evaluate("variables('v60')");
  EXPECT_TRUE(v.isUnknown());
  std::string messages = errors();
  EXPECT_NE(messages.find("evaluation limit"), std::string::npos) << messages;
}

TEST_F(Evaluator, DeepVariableChainIsBounded) {
  addVariable("v0", json("1"));
  for (int i = 1; i <= 3000; ++i)
    addVariable(llvm::formatv("v{0}", i).str(),
                json(llvm::formatv("\"[variables('v{0}')]\"", i - 1).str()));
  Value v = evaluate("variables('v3000')");
  EXPECT_TRUE(v.isUnknown());
  EXPECT_NE(errors().find("nested more than"), std::string::npos);
}

TEST_F(Evaluator, UserDefinedFunctions) {
  ir::Function f;
  f.qualifiedName = "contoso.uniqueName";
  f.parameters = {{"namePrefix", "string"}};
  f.output = json("\"[concat(toLower(parameters('namePrefix')), "
                  "'-app')]\"");
  module.functions.push_back(f);
  ir::Function loop;
  loop.qualifiedName = "contoso.loop";
  loop.output = json("\"[contoso.loop()]\"");
  module.functions.push_back(loop);
  EXPECT_EQ(eval("contoso.uniqueName('Web')"), "\"web-app\"");
  EXPECT_EQ(eval("CONTOSO.UNIQUENAME('X')"), "\"x-app\"");
  EXPECT_EQ(errors(), "");
  eval("contoso.uniqueName()");
  EXPECT_EQ(errors(),
            "function 'contoso.uniqueName' expects 1 argument, got 0");
  eval("contoso.loop()");
  EXPECT_EQ(errors(), "user-defined function 'contoso.loop' calls itself");
  eval("contoso.nope()");
  EXPECT_EQ(errors(), "unknown function 'contoso.nope'");
}

//===----------------------------------------------------------------------===//
// Whole modules
//===----------------------------------------------------------------------===//

ir::Resource makeResource(llvm::StringRef type, llvm::StringRef decl) {
  ir::Resource r;
  r.type = type.str();
  r.adoptBody(json(decl));
  if (const Value *copy = r.body.get("copy")) {
    ir::CopyLoop loop;
    loop.name = copy->get("name")->getString();
    loop.count = *copy->get("count");
    r.copy = loop;
  }
  return r;
}

TEST_F(Evaluator, ResourceCopyAndCondition) {
  addParameter("count", "int", json("3"));
  addParameter("deploy", "bool", json("false"));
  module.resources.push_back(makeResource(
      "Microsoft.Storage/storageAccounts",
      R"({"name": "[concat('st', copyIndex())]", "location": "westeurope",
          "copy": {"name": "stLoop", "count": "[parameters('count')]"},
          "condition": "[not(equals(copyIndex(), 1))]",
          "sku": {"name": "[if(equals(copyIndex(), 0), 'Premium_LRS', 'Standard_LRS')]"}})"));
  module.resources.push_back(makeResource(
      "Microsoft.Network/publicIPAddresses",
      R"({"name": "pip", "condition": "[parameters('deploy')]"})"));
  run();
  EXPECT_EQ(errors(), "");
  ASSERT_EQ(module.resources.size(), 2u);
  EXPECT_EQ(show(module.resources[0].name), "\"st0\"");
  EXPECT_EQ(show(module.resources[1].name), "\"st2\"");
  EXPECT_EQ(show(*module.resources[0].body.getPath("sku.name")),
            "\"Premium_LRS\"");
  EXPECT_EQ(show(*module.resources[1].body.getPath("sku.name")),
            "\"Standard_LRS\"");
  EXPECT_TRUE(module.resources[0].condition.isNull());
  ASSERT_TRUE(module.resources[1].copy.has_value());
  EXPECT_EQ(show(module.resources[1].copy->count), "3");
}

TEST_F(Evaluator, UnknownCopyCountKeepsOneSymbolicInstance) {
  addParameter("count", "int");
  module.resources.push_back(
      makeResource("Microsoft.Network/virtualNetworks",
                   R"({"name": "[concat('vnet-', copyIndex())]",
          "copy": {"name": "vnets", "count": "[parameters('count')]"}})"));
  run();
  ASSERT_EQ(module.resources.size(), 1u);
  EXPECT_EQ(show(module.resources[0].name),
            "unknown[concat('vnet-', copyIndex('vnets'))]");
  EXPECT_EQ(eval::Evaluator::getProvenance(module.resources[0].name),
            "the count of copy loop 'vnets' is unknown: parameter 'count' has "
            "no value");
  EXPECT_EQ(errors(), "");
}

TEST_F(Evaluator, CopyCountAboveAzureLimit) {
  module.resources.push_back(
      makeResource("Microsoft.Network/virtualNetworks",
                   R"({"name": "[concat('vnet-', copyIndex())]",
          "copy": {"name": "vnets", "count": 801}})"));
  run();
  ASSERT_EQ(module.resources.size(), 1u);
  EXPECT_EQ(errors(), "copy loop 'vnets' has count 801; Azure allows at most "
                      "800");
}

TEST_F(Evaluator, ParentInstancesAndZeroCount) {
  module.resources.push_back(
      makeResource("Microsoft.Network/virtualNetworks",
                   R"({"name": "[concat('vnet', copyIndex())]",
          "copy": {"name": "vnets", "count": 2}})"));
  ir::Resource child = makeResource("Microsoft.Network/virtualNetworks/subnets",
                                    R"({"name": "default"})");
  child.name = Value::expression(
      parseExpr("format('{0}/{1}', concat('vnet', copyIndex()), 'default')"));
  child.parent = 0;
  module.resources.push_back(std::move(child));
  module.resources.push_back(
      makeResource("Microsoft.Network/networkSecurityGroups",
                   R"({"name": "nsg", "copy": {"name": "none", "count": 0}})"));
  run();
  EXPECT_EQ(errors(), "");
  ASSERT_EQ(module.resources.size(), 4u);
  EXPECT_EQ(show(module.resources[1].name), "\"vnet1\"");
  EXPECT_EQ(show(module.resources[2].name), "\"vnet0/default\"");
  EXPECT_EQ(module.resources[2].parent, 0);
  EXPECT_EQ(show(module.resources[3].name), "\"vnet1/default\"");
  EXPECT_EQ(module.resources[3].parent, 1);
}

TEST_F(Evaluator, OutputsAndDefaultsInPlace) {
  addParameter("location", "string", json("\"[resourceGroup().location]\""));
  ir::Output out;
  out.name = "where";
  out.value = json("\"[parameters('location')]\"");
  module.outputs.push_back(out);
  ir::Output loop;
  loop.name = "list";
  loop.copy = ir::CopyLoop();
  loop.copy->count = json("3");
  loop.copy->input = json("\"[mul(copyIndex(), 10)]\"");
  module.outputs.push_back(loop);
  context.resourceGroupLocation = "northeurope";
  run();
  EXPECT_EQ(show(module.outputs[0].value), "\"northeurope\"");
  EXPECT_EQ(show(module.outputs[1].value), "[0,10,20]");
  EXPECT_EQ(show(*module.parameters[0].defaultValue), "\"northeurope\"");
  EXPECT_EQ(errors(), "");
}

TEST_F(Evaluator, NestedDeploymentScopes) {
  addParameter("prefix", "string", json("'outer'"));
  auto innerModule = [&](llvm::StringRef scope) {
    ir::Resource r = makeResource("Microsoft.Resources/deployments",
                                  (R"({"name": "nested", "properties": {
              "expressionEvaluationOptions": {"scope": ")" +
                                   scope.str() + R"("},
              "parameters": {"prefix": {"value": "[concat(parameters('prefix'), '-in')]"}}}})")
                                      .c_str());
    r.nested = std::make_unique<ir::Module>();
    ir::Parameter p;
    p.name = "prefix";
    p.type = "string";
    p.declaration = Value::object({});
    r.nested->parameters.push_back(p);
    r.nested->resources.push_back(
        makeResource("Microsoft.Storage/storageAccounts",
                     R"({"name": "[concat(parameters('prefix'), 'st')]"})"));
    ir::Output o;
    o.name = "deploymentName";
    o.value = json("\"[deployment().name]\"");
    r.nested->outputs.push_back(o);
    return r;
  };
  module.resources.push_back(innerModule("inner"));
  module.resources.push_back(innerModule("outer"));
  run();
  EXPECT_EQ(errors(), "");
  ASSERT_EQ(module.resources.size(), 2u);
  const ir::Module &inner = *module.resources[0].nested;
  const ir::Module &outer = *module.resources[1].nested;
  EXPECT_EQ(show(inner.resources[0].name), "\"outer-inst\"");
  EXPECT_EQ(show(outer.resources[0].name), "\"outerst\"");
  EXPECT_EQ(show(inner.outputs[0].value), "\"nested\"");
}

TEST_F(Evaluator, NestedDeploymentDepthIsBounded) {
  // A chain of 40 nested deployments.
  std::unique_ptr<ir::Module> innermost;
  for (int i = 0; i != 40; ++i) {
    auto m = std::make_unique<ir::Module>();
    ir::Resource r =
        makeResource("Microsoft.Resources/deployments", R"({"name": "d"})");
    r.nested = std::move(innermost);
    if (r.nested)
      m->resources.push_back(std::move(r));
    innermost = std::move(m);
  }
  ir::Resource top =
      makeResource("Microsoft.Resources/deployments", R"({"name": "top"})");
  top.nested = std::move(innermost);
  module.resources.push_back(std::move(top));
  run();
  EXPECT_EQ(errors(), "nested deployments are nested more than 32 levels "
                      "deep");
}

} // namespace
