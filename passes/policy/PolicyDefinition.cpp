//===- PolicyDefinition.cpp - Azure Policy definitions --------------------===//

#include "passes/policy/PolicyDefinition.h"


#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Path.h"

#include <cassert>

using namespace armor;
using namespace armor::policy;
using ir::Member;
using ir::Value;

std::optional<Effect> armor::policy::parseEffect(llvm::StringRef name) {
  std::string lower = name.lower();
  return llvm::StringSwitch<std::optional<Effect>>(lower)
      .Case("deny", Effect::Deny)
      .Case("audit", Effect::Audit)
      .Case("auditifnotexists", Effect::AuditIfNotExists)
      .Case("append", Effect::Append)
      .Case("modify", Effect::Modify)
      .Case("deployifnotexists", Effect::DeployIfNotExists)
      .Case("denyaction", Effect::DenyAction)
      .Case("manual", Effect::Manual)
      .Case("disabled", Effect::Disabled)
      .Default(std::nullopt);
}

llvm::StringRef armor::policy::getEffectName(Effect effect) {
  switch (effect) {
  case Effect::Deny:
    return "deny";
  case Effect::Audit:
    return "audit";
  case Effect::AuditIfNotExists:
    return "auditIfNotExists";
  case Effect::Append:
    return "append";
  case Effect::Modify:
    return "modify";
  case Effect::DeployIfNotExists:
    return "deployIfNotExists";
  case Effect::DenyAction:
    return "denyAction";
  case Effect::Manual:
    return "manual";
  case Effect::Disabled:
    return "disabled";
  }
  llvm_unreachable("unknown effect");
}

Level armor::policy::getEffectLevel(Effect effect) {
  switch (effect) {
  case Effect::Deny:
    return Level::Error;
  case Effect::Audit:
  case Effect::AuditIfNotExists:
    return Level::Warning;
  case Effect::Append:
  case Effect::Modify:
  case Effect::DeployIfNotExists:
  case Effect::Manual:
    return Level::Note;
  case Effect::DenyAction:
  case Effect::Disabled:
    return Level::Off;
  }
  llvm_unreachable("unknown effect");
}

template <typename Decls>
static const ParameterDecl *findIn(const Decls &decls, llvm::StringRef name) {
  for (const ParameterDecl &p : decls)
    if (llvm::StringRef(p.name).equals_insensitive(name))
      return &p;
  return nullptr;
}

const ParameterDecl *
PolicyDefinition::findParameter(llvm::StringRef name) const {
  return findIn(parameters, name);
}

const ParameterDecl *
PolicySetDefinition::findParameter(llvm::StringRef name) const {
  return findIn(parameters, name);
}

static PolicyFrontend &getFrontend() {
  static PolicyFrontend frontend;
  return frontend;
}

void armor::policy::setPolicyFrontend(PolicyFrontend frontend) {
  getFrontend() = std::move(frontend);
}

bool armor::policy::lowerPolicyStrings(Value &value, DiagnosticEngine &diags) {
  assert(getFrontend().lowerStrings && "setPolicyFrontend was not called");
  return getFrontend().lowerStrings(value, diags);
}

std::optional<ir::Value>
armor::policy::readPolicyJson(const SourceManager &sources, FileId file,
                              DiagnosticEngine &diags) {
  assert(getFrontend().readJson && "setPolicyFrontend was not called");
  return getFrontend().readJson(sources, file, diags);
}

namespace {
/// Reads the parts of a policy file, reporting problems at their keys.
class DocumentReader {
public:
  explicit DocumentReader(DiagnosticEngine &diags) : diags(diags) {}

  std::optional<PolicyDocument> read(const Value &root,
                                     llvm::StringRef fallbackName);

private:
  template <typename... Ts>
  void error(SourceRange range, const char *fmt, Ts &&...args) {
    diags.report("config", Level::Error, range, fmt, std::forward<Ts>(args)...);
    ok = false;
  }
  std::string getString(const Value &object, llvm::StringRef key);
  void readParameters(const Value &props, std::vector<ParameterDecl> &out);
  std::shared_ptr<PolicyDefinition>
  readDefinition(const Value &root, const Value &props, llvm::StringRef name);
  std::shared_ptr<PolicySetDefinition>
  readSet(const Value &root, const Value &props, llvm::StringRef name);

  DiagnosticEngine &diags;
  bool ok = true;
};
} // namespace

std::string DocumentReader::getString(const Value &object,
                                      llvm::StringRef key) {
  const Member *m = object.getMember(key);
  if (!m || m->value.isNull())
    return {};
  if (!m->value.isString()) {
    error(m->value.getRange(), "'{0}' must be a string", key);
    return {};
  }
  return m->value.getString();
}

void DocumentReader::readParameters(const Value &props,
                                    std::vector<ParameterDecl> &out) {
  const Member *params = props.getMember("parameters");
  if (!params || params->value.isNull())
    return;
  if (!params->value.isObject()) {
    error(params->value.getRange(), "'parameters' must be an object");
    return;
  }
  for (const Member &m : params->value.members()) {
    ParameterDecl decl;
    decl.name = m.key;
    decl.range = m.keyRange;
    if (!m.value.isObject()) {
      error(m.value.getRange(), "parameter '{0}' must be an object", m.key);
      continue;
    }
    const Value *type = m.value.get("type");
    if (!type || !type->isString()) {
      error(type ? type->getRange() : m.keyRange,
            "parameter '{0}' needs a 'type' string", m.key);
      continue;
    }
    decl.type = type->getString();
    if (const Value *def = m.value.get("defaultValue"))
      decl.defaultValue = *def;
    if (const Value *allowed = m.value.get("allowedValues")) {
      if (!allowed->isArray())
        error(allowed->getRange(),
              "'allowedValues' of parameter '{0}' must be an array", m.key);
      else
        decl.allowedValues = *allowed;
    }
    out.push_back(std::move(decl));
  }
}

std::shared_ptr<PolicyDefinition>
DocumentReader::readDefinition(const Value &root, const Value &props,
                               llvm::StringRef name) {
  auto def = std::make_shared<PolicyDefinition>();
  def->name = name.str();
  def->range = root.getRange();
  def->displayName = getString(props, "displayName");
  if (def->displayName.empty())
    def->displayName = def->name;
  def->description = getString(props, "description");
  def->modeName = getString(props, "mode");
  // The REST API's default mode is Indexed.
  llvm::StringRef mode = def->modeName.empty() ? llvm::StringRef("Indexed")
                                               : llvm::StringRef(def->modeName);
  if (mode.equals_insensitive("all")) {
    def->mode = Mode::All;
  } else if (mode.equals_insensitive("indexed")) {
    def->mode = Mode::Indexed;
  } else if (mode.contains('.')) {
    def->mode = Mode::DataPlane;
  } else {
    const Member *m = props.getMember("mode");
    error(m ? m->value.getRange() : root.getRange(),
          "unknown policy mode '{0}' (All, Indexed or a resource provider "
          "mode such as Microsoft.KeyVault.Data)",
          mode);
  }
  readParameters(props, def->parameters);

  const Member *rule = props.getMember("policyRule");
  if (!rule && props.getMember("if") && props.getMember("then")) {
    def->bareRule = true;
    def->rule = props;
  } else if (!rule || !rule->value.isObject()) {
    error(rule ? rule->value.getRange() : root.getRange(),
          "policy definition '{0}' needs a 'policyRule' object", def->name);
    return def;
  } else {
    def->rule = rule->value;
  }
  if (!lowerPolicyStrings(def->rule, diags))
    ok = false;
  const Member *ifPart = def->rule.getMember("if");
  if (!ifPart || !ifPart->value.isObject())
    error(ifPart ? ifPart->value.getRange() : def->rule.getRange(),
          "'policyRule' needs an 'if' condition object");
  const Member *thenPart = def->rule.getMember("then");
  if (!thenPart || !thenPart->value.isObject())
    error(thenPart ? thenPart->value.getRange() : def->rule.getRange(),
          "'policyRule' needs a 'then' object with an 'effect'");
  else if (!thenPart->value.getMember("effect"))
    error(thenPart->keyRange, "'then' needs an 'effect'");
  return def;
}

std::shared_ptr<PolicySetDefinition>
DocumentReader::readSet(const Value &root, const Value &props,
                        llvm::StringRef name) {
  auto set = std::make_shared<PolicySetDefinition>();
  set->name = name.str();
  set->range = root.getRange();
  set->displayName = getString(props, "displayName");
  if (set->displayName.empty())
    set->displayName = set->name;
  set->description = getString(props, "description");
  readParameters(props, set->parameters);
  const Member *list = props.getMember("policyDefinitions");
  if (!list || !list->value.isArray()) {
    error(list ? list->value.getRange() : root.getRange(),
          "initiative '{0}' needs a 'policyDefinitions' array", set->name);
    return set;
  }
  for (const Value &entry : list->value.elements()) {
    if (!entry.isObject()) {
      error(entry.getRange(), "a member of 'policyDefinitions' must be an "
                              "object");
      continue;
    }
    const Value *id = entry.get("policyDefinitionId");
    if (!id || !id->isString() || id->getString().empty()) {
      error(id ? id->getRange() : entry.getRange(),
            "a member of 'policyDefinitions' needs a 'policyDefinitionId' "
            "string");
      continue;
    }
    PolicySetDefinition::Member member;
    member.definitionId = id->getString();
    member.definitionName =
        llvm::StringRef(member.definitionId).rsplit('/').second.str();
    if (member.definitionName.empty())
      member.definitionName = member.definitionId;
    member.range = id->getRange();
    member.referenceId = getString(entry, "policyDefinitionReferenceId");
    if (const Value *params = entry.get("parameters")) {
      if (!params->isObject()) {
        error(params->getRange(), "'parameters' of a member must be an "
                                  "object");
      } else {
        member.parameters = *params;
        if (!lowerPolicyStrings(member.parameters, diags))
          ok = false;
      }
    }
    set->members.push_back(std::move(member));
  }
  return set;
}

std::optional<PolicyDocument>
DocumentReader::read(const Value &root, llvm::StringRef fallbackName) {
  if (!root.isObject()) {
    error(root.getRange(), "a policy definition must be a JSON object");
    return std::nullopt;
  }
  const Value *wrapped = root.get("properties");
  const Value &props = wrapped && wrapped->isObject() ? *wrapped : root;
  std::string name = getString(root, "name");
  if (name.empty())
    name = fallbackName.str();
  std::string type = getString(root, "type");
  PolicyDocument doc;
  if (llvm::StringRef(type).ends_with_insensitive("policySetDefinitions") ||
      props.get("policyDefinitions"))
    doc.set = readSet(root, props, name);
  else if (props.get("policyRule") || (props.get("if") && props.get("then")))
    doc.definition = readDefinition(root, props, name);
  else
    error(root.getRange(),
          "'{0}' is neither a policy definition (no "
          "'policyRule') nor an initiative (no "
          "'policyDefinitions')",
          name);
  if (!ok)
    return std::nullopt;
  return doc;
}

std::optional<PolicyDocument> armor::policy::parsePolicyDocument(
    const Value &root, llvm::StringRef fallbackName, DiagnosticEngine &diags) {
  return DocumentReader(diags).read(root, fallbackName);
}

std::optional<PolicyDocument> armor::policy::loadPolicyFile(
    llvm::StringRef path,
    llvm::function_ref<std::optional<Value>(llvm::StringRef, bool)> read,
    DiagnosticEngine &diags) {
  std::optional<Value> root = read(path, /*optional=*/false);
  if (!root)
    return std::nullopt;
  std::optional<PolicyDocument> doc =
      parsePolicyDocument(*root, llvm::sys::path::stem(path), diags);
  if (!doc || !doc->set)
    return doc;
  auto set = std::make_shared<PolicySetDefinition>(*doc->set);
  bool ok = true;
  for (PolicySetDefinition::Member &member : set->members) {
    if ((member.definition = findBuiltinDefinition(member.definitionName)))
      continue;
    llvm::SmallString<256> candidate(llvm::sys::path::parent_path(path));
    llvm::sys::path::append(candidate, member.definitionName + ".json");
    std::optional<Value> memberRoot = read(candidate, /*optional=*/true);
    if (!memberRoot)
      continue; // perhaps another loaded definition; the caller checks
    std::optional<PolicyDocument> memberDoc =
        parsePolicyDocument(*memberRoot, member.definitionName, diags);
    if (!memberDoc) {
      ok = false;
      continue;
    }
    if (!memberDoc->definition) {
      diags.report("config", Level::Error, member.range,
                   "'{0}' is an initiative; an initiative's members must be "
                   "policy definitions",
                   candidate);
      ok = false;
      continue;
    }
    member.definition = memberDoc->definition;
  }
  if (!ok)
    return std::nullopt;
  doc->set = std::move(set);
  return doc;
}
