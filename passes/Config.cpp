//===- Config.cpp - .armor.json -------------------------------------------===//

#include "passes/Config.h"

#include "passes/RuleRegistry.h"

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
