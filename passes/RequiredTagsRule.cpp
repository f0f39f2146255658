//===- RequiredTagsRule.cpp - required-tags -------------------------------===//

#include "passes/RequiredTagsRule.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::ir;

bool RequiredTagsRule::configure(const Value &settings,
                                 DiagnosticEngine &diags) {
  bool ok = checkOptionKeys(settings, {"tags", "values"}, diags);
  if (const Value *names = settings.get("tags")) {
    if (!names->isArray()) {
      diags.report("config", Level::Error, names->getRange(),
                   "'tags' of rule 'required-tags' must be an array of "
                   "strings");
      return false;
    }
    for (const Value &name : names->elements()) {
      if (!name.isString()) {
        diags.report("config", Level::Error, name.getRange(),
                     "a tag name must be a string");
        ok = false;
        continue;
      }
      tags.push_back({name.getString(), {}});
    }
  }
  if (const Value *values = settings.get("values")) {
    if (!values->isObject()) {
      diags.report("config", Level::Error, values->getRange(),
                   "'values' of rule 'required-tags' must be an object of "
                   "tag names to arrays of values");
      return false;
    }
    for (const Member &m : values->members()) {
      auto it = llvm::find_if(tags, [&](const RequiredTag &t) {
        return llvm::StringRef(t.name).equals_insensitive(m.key);
      });
      if (it == tags.end()) {
        // A value constraint implies the tag is required.
        tags.push_back({m.key, {}});
        it = std::prev(tags.end());
      }
      const Value &list = m.value;
      auto addValue = [&](const Value &v) {
        if (v.isString()) {
          it->allowedValues.push_back(v.getString());
          return;
        }
        diags.report("config", Level::Error, v.getRange(),
                     "allowed values of tag '{0}' must be strings", m.key);
        ok = false;
      };
      if (list.isArray())
        llvm::for_each(list.elements(), addValue);
      else
        addValue(list);
    }
  }
  return ok;
}

bool armor::isTaggableResource(const Resource &resource) {
  if (resource.existing)
    return false;
  llvm::StringRef type(resource.type);
  // Extension resources and deployments are not evaluated in mode Indexed.
  static const char *const nonTaggable[] = {
      "Microsoft.Authorization/", "Microsoft.Insights/diagnosticSettings",
      "Microsoft.Resources/deployments", "Microsoft.Resources/tags",
      "Microsoft.Security/"};
  for (const char *prefix : nonTaggable)
    if (type.starts_with_insensitive(prefix))
      return false;
  if (type.contains_insensitive("/providers/"))
    return false;
  if (!resource.location.isNull())
    return true;
  // A top-level type without a location property may still be taggable
  // (its location defaults); child types without one are not.
  return type.count('/') == 1 && !resource.tags.isNull();
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
                                     CheckContext &ctx) const {
  std::string where = getLogicalLocation(resource);
  SourceRange anchor =
      resource.tags.isNull() ? resource.typeRange : resource.tags.getRange();
  if (!anchor.isValid())
    anchor = resource.range;

  const Value &tagsValue = resource.tags;
  if (!tagsValue.isNull() && !tagsValue.isObject()) {
    reportUnknown(ctx, anchor, "required tags",
                  "the tags of '" + getDisplayName(resource.name) +
                      "' are not known");
    return;
  }
  for (const RequiredTag &tag : tags) {
    const Member *member = tagsValue.getMember(tag.name);
    if (!member) {
      report(ctx, anchor, "resource '{0}' of type '{1}' lacks the required tag '{2}'",
             getDisplayName(resource.name), resource.type, tag.name)
          .logicalLocation(where)
          .fingerprint(tag.name);
      continue;
    }
    if (tag.allowedValues.empty())
      continue;
    const Value &value = member->value;
    auto isAllowed = [&](const Value &v) {
      return v.isString() &&
             llvm::any_of(tag.allowedValues, [&](const std::string &allowed) {
               return llvm::StringRef(allowed).equals_insensitive(v.getString());
             });
    };
    if (value.isEnumerated()) {
      for (const Value &alt : value.alternatives())
        if (!isAllowed(alt))
          report(ctx, value.getRange(),
                 "tag '{0}' of resource '{1}' may be {2} ({3}), which is not "
                 "one of {4}",
                 member->key, getDisplayName(resource.name), alt.toJson(),
                 value.provenance(), joinValues(tag.allowedValues))
              .logicalLocation(where)
              .fingerprint(tag.name)
              .fingerprint(alt.toJson());
      continue;
    }
    if (!value.isKnown()) {
      reportUnknown(ctx, value.getRange(), "tag '" + member->key + "'",
                    value.isUnknown() ? value.provenance()
                                      : "its value is an expression");
      continue;
    }
    if (!isAllowed(value))
      report(ctx, value.getRange(),
             "tag '{0}' of resource '{1}' has value {2}, which is not one of "
             "{3}",
             member->key, getDisplayName(resource.name), value.toJson(),
             joinValues(tag.allowedValues))
          .logicalLocation(where)
          .fingerprint(tag.name);
  }
}

void RequiredTagsRule::check(const Module &module, CheckContext &ctx) const {
  if (tags.empty())
    return;
  for (const Resource &resource : module.resources)
    if (isTaggableResource(resource))
      checkResource(resource, ctx);
}
