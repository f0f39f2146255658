//===- Config.cpp - .armor.json -------------------------------------------===//

#include "passes/Config.h"

#include "passes/RuleRegistry.h"

#include "llvm/ADT/StringSwitch.h"

using namespace armor;
using namespace armor::ir;

const RuleSettings *Config::getRule(llvm::StringRef id) const {
  auto it = rules.find(id.str());
  return it == rules.end() ? nullptr : &it->second;
}

RuleSettings &Config::getOrCreateRule(llvm::StringRef id) {
  return rules[id.str()];
}

static bool parseRules(const Value &rulesValue, Config &config,
                       DiagnosticEngine &diags) {
  if (!rulesValue.isObject()) {
    diags.report("config", Level::Error, rulesValue.getRange(),
                 "'rules' must be an object");
    return false;
  }
  bool ok = true;
  for (const Member &m : rulesValue.members()) {
    if (!isKnownRuleId(m.key)) {
      diags.report("config", Level::Error, m.keyRange, "unknown rule '{0}'",
                   m.key);
      ok = false;
      continue;
    }
    if (!m.value.isObject()) {
      diags.report("config", Level::Error, m.value.getRange(),
                   "settings of rule '{0}' must be an object", m.key);
      ok = false;
      continue;
    }
    RuleSettings &settings = config.getOrCreateRule(m.key);
    if (const Member *level = m.value.getMember("level")) {
      std::optional<Level> parsed;
      if (level->value.isString())
        parsed = parseLevel(level->value.getString());
      if (!parsed) {
        diags.report("config", Level::Error, level->value.getRange(),
                     "'level' of rule '{0}' must be one of error, warning, "
                     "note, off",
                     m.key);
        ok = false;
      }
      settings.level = parsed;
    }
    settings.options = m.value;
  }
  return ok;
}

static bool parsePolicies(const Value &policies, Config &config,
                          DiagnosticEngine &diags) {
  if (!policies.isArray()) {
    diags.report("config", Level::Error, policies.getRange(),
                 "'policies' must be an array");
    return false;
  }
  bool ok = true;
  for (const Value &entry : policies.elements()) {
    const Value *definition = entry.get("definition");
    if (!definition || !definition->isString()) {
      diags.report("config", Level::Error, entry.getRange(),
                   "a policy entry needs a 'definition' path");
      ok = false;
      continue;
    }
    PolicyReference ref;
    ref.definition = definition->getString();
    ref.range = entry.getRange();
    if (const Value *params = entry.get("parameters"))
      ref.parameters = *params;
    config.policies.push_back(std::move(ref));
  }
  return ok;
}

static bool parseSuppressions(const Value &list, Config &config,
                              DiagnosticEngine &diags) {
  if (!list.isArray()) {
    diags.report("config", Level::Error, list.getRange(),
                 "'suppressions' must be an array");
    return false;
  }
  bool ok = true;
  for (const Value &entry : list.elements()) {
    if (!entry.isObject()) {
      diags.report("config", Level::Error, entry.getRange(),
                   "a suppression must be an object");
      ok = false;
      continue;
    }
    ConfigSuppression suppression;
    for (const Member &m : entry.members()) {
      std::string *field =
          llvm::StringSwitch<std::string *>(m.key)
              .Case("rule", &suppression.rule)
              .Case("path", &suppression.path)
              .Case("resource", &suppression.resource)
              .Case("justification", &suppression.justification)
              .Default(nullptr);
      if (!field) {
        diags.report("config", Level::Error, m.keyRange,
                     "unknown key '{0}' in a suppression (expected rule, "
                     "path, resource, justification)",
                     m.key);
        ok = false;
        continue;
      }
      if (!m.value.isString()) {
        diags.report("config", Level::Error, m.value.getRange(),
                     "'{0}' of a suppression must be a string", m.key);
        ok = false;
        continue;
      }
      *field = m.value.getString();
    }
    if (suppression.rule.empty()) {
      diags.report("config", Level::Error, entry.getRange(),
                   "a suppression needs a 'rule'");
      ok = false;
      continue;
    }
    config.suppressions.push_back(std::move(suppression));
  }
  return ok;
}

bool armor::parseConfig(const Value &root, Config &config,
                        DiagnosticEngine &diags) {
  if (!root.isObject()) {
    diags.report("config", Level::Error, root.getRange(),
                 "the configuration must be a JSON object");
    return false;
  }
  bool ok = true;
  for (const Member &m : root.members()) {
    llvm::StringRef key(m.key);
    if (key == "$schema")
      continue;
    if (key == "rules") {
      ok &= parseRules(m.value, config, diags);
    } else if (key == "suppressions") {
      ok &= parseSuppressions(m.value, config, diags);
    } else if (key == "policies") {
      ok &= parsePolicies(m.value, config, diags);
    } else if (key == "unknown") {
      if (m.value.isString() && m.value.getString() == "ignore") {
        config.unknown = UnknownPolicy::Ignore;
      } else if (m.value.isString() && m.value.getString() == "note") {
        config.unknown = UnknownPolicy::Note;
      } else {
        diags.report("config", Level::Error, m.value.getRange(),
                     "'unknown' must be \"ignore\" or \"note\"");
        ok = false;
      }
    } else if (key == "subscriptionId" || key == "resourceGroupName" ||
               key == "tenantId" || key == "managementGroupName" ||
               key == "deploymentName" || key == "deploymentLocation") {
      if (m.value.isString()) {
        config.context[key.str()] = m.value.getString();
      } else {
        diags.report("config", Level::Error, m.value.getRange(),
                     "'{0}' must be a string", key);
        ok = false;
      }
    } else if (key == "resourceGroupLocation") {
      if (m.value.isString()) {
        config.resourceGroupLocation = m.value.getString();
      } else {
        diags.report("config", Level::Error, m.value.getRange(),
                     "'resourceGroupLocation' must be a string");
        ok = false;
      }
    } else {
      diags.report("config", Level::Error, m.keyRange,
                   "unknown configuration key '{0}'", key);
      ok = false;
    }
  }
  return ok;
}
