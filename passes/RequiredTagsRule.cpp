//===- RequiredTagsRule.cpp - required-tags -------------------------------===//

#include "passes/RequiredTagsRule.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cassert>

using namespace armor;
using namespace armor::ir;

bool RequiredTagsRule::configure(const Value &settings,
                                 DiagnosticEngine &diags) {
  bool ok = checkOptionKeys(settings, {"tags", "values"}, diags);
  auto addTag = [&](const Value &name) {
    if (!name.isString() || name.getString().empty()) {
      diags.report("config", Level::Error, name.getRange(),
                   "a tag name must be a non-empty string");
      ok = false;
      return;
    }
    bool known = llvm::any_of(tags, [&](const RequiredTag &t) {
      return llvm::StringRef(t.name).equals_insensitive(name.getString());
    });
    if (!known)
      tags.push_back({name.getString(), {}, nullptr, {}, {}});
  };
  if (const Value *names = settings.get("tags")) {
    if (!names->isArray()) {
      diags.report("config", Level::Error, names->getRange(),
                   "'tags' of rule 'required-tags' must be an array of "
                   "strings");
      return false;
    }
    llvm::for_each(names->elements(), addTag);
  }
  if (const Value *values = settings.get("values")) {
    if (!values->isObject()) {
      diags.report("config", Level::Error, values->getRange(),
                   "'values' of rule 'required-tags' must be an object of "
                   "tag names to arrays of values");
      return false;
    }
    for (const Member &m : values->members()) {
      // A value constraint implies the tag is required.
      addTag(Value::string(m.key, m.keyRange));
      auto it = llvm::find_if(tags, [&](const RequiredTag &t) {
        return llvm::StringRef(t.name).equals_insensitive(m.key);
      });
      if (it == tags.end())
        continue;
      auto addValue = [&](const Value &v) {
        if (v.isString()) {
          it->allowedValues.push_back(v.getString());
          return;
        }
        diags.report("config", Level::Error, v.getRange(),
                     "allowed values of tag '{0}' must be strings", m.key);
        ok = false;
      };
      if (m.value.isArray())
        llvm::for_each(m.value.elements(), addValue);
      else
        addValue(m.value);
    }
  }
  return ok && compilePolicies(diags);
}

static Value makeParameters(
    std::initializer_list<std::pair<const char *, std::string>> values) {
  std::vector<Member> members;
  for (const auto &[name, value] : values)
    members.push_back({name, {}, Value::string(value)});
  return Value::object(std::move(members));
}

bool RequiredTagsRule::compilePolicies(DiagnosticEngine &diags) {
  auto requireTag = policy::getBuiltinDefinition("require-tag");
  auto requireValue = policy::getBuiltinDefinition("require-tag-and-value");
  assert(requireTag && requireValue && "the built-in policies are embedded");
  for (RequiredTag &tag : tags) {
    tag.requireTag = policy::CompiledPolicy::compile(
        requireTag, makeParameters({{"tagName", tag.name}}), {}, diags);
    if (!tag.requireTag)
      return false;
    tag.valuePolicyName = requireValue->displayName;
    tag.outsideValues.kind = policy::Condition::Kind::AllOf;
    for (const std::string &value : tag.allowedValues) {
      auto compiled = policy::CompiledPolicy::compile(
          requireValue,
          makeParameters({{"tagName", tag.name}, {"tagValue", value}}), {},
          diags);
      if (!compiled)
        return false;
      tag.outsideValues.children.push_back(compiled->getCondition());
    }
  }
  return true;
}

bool armor::isTaggableResource(const Resource &resource) {
  return policy::isIndexedResource(resource);
}

static std::string joinValues(const std::vector<std::string> &values) {
  std::string out;
  for (size_t i = 0; i != values.size(); ++i) {
    if (i)
      out += ", ";
    out += "'" + values[i] + "'";
  }
  return out;
}

void RequiredTagsRule::checkResource(const Resource &resource,
                                     const Module &module,
                                     CheckContext &ctx) const {
  std::string where = getLogicalLocation(resource);
  std::string name = getDisplayName(resource.name);
  policy::EvaluationOptions options{ctx.config.resourceGroupLocation};
  bool tagsUnknownReported = false;
  for (const RequiredTag &tag : tags) {
    policy::Verdict missing =
        policy::evaluate(*tag.requireTag, resource, module, options);
    for (const policy::Violation &v : missing.violations)
      report(ctx, v.range,
             "resource '{0}' of type '{1}' lacks the required tag '{2}'", name,
             resource.type, tag.name)
          .logicalLocation(where)
          .fingerprint(tag.name);
    if (!missing.violations.empty())
      continue;
    if (missing.unknown) {
      // The tags object itself is not known: say so once.
      if (tagsUnknownReported)
        continue;
      tagsUnknownReported = true;
      reportUnknown(ctx, missing.unknown->range, "required tags",
                    "the tags of '" + name +
                        "' are not known: " + missing.unknown->why);
      continue;
    }
    if (tag.allowedValues.empty())
      continue;
    policy::Verdict outside =
        policy::evaluateCondition(tag.outsideValues, resource, module, options);
    for (const policy::Violation &v : outside.violations) {
      const policy::Reason &reason = v.reasons.front();
      if (v.assumptions.empty()) {
        report(ctx, v.range,
               "tag '{0}' of resource '{1}' has value {2}, which is not one "
               "of {3}",
               tag.name, name, reason.found, joinValues(tag.allowedValues))
            .logicalLocation(where)
            .fingerprint(tag.name);
        continue;
      }
      const policy::Assumption &assumed = v.assumptions.front();
      report(ctx, v.range,
             "tag '{0}' of resource '{1}' may be {2} ({3}), which is not one "
             "of {4}",
             tag.name, name, assumed.value.toJson(), assumed.provenance,
             joinValues(tag.allowedValues))
          .logicalLocation(where)
          .fingerprint(tag.name)
          .fingerprint(assumed.value.toJson());
    }
    if (outside.violations.empty() && outside.unknown)
      reportUnknown(ctx, outside.unknown->range, "tag '" + tag.name + "'",
                    outside.unknown->why);
  }
}

void RequiredTagsRule::check(const Module &module, CheckContext &ctx) const {
  if (tags.empty())
    return;
  for (const Resource &resource : module.resources)
    if (tags.front().requireTag->appliesTo(resource))
      checkResource(resource, module, ctx);
}
