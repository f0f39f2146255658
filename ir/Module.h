//===- Module.h - The typed resource IR -------------------------*- C++ -*-===//
///
/// \file
/// One ir::Module per deployment scope: a template's parameters, variables,
/// user-defined functions, resources and outputs. Nested deployments with an
/// inline or linked template (and Bicep modules) are child modules owned by
/// the resource that declares them.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_IR_MODULE_H
#define ARMOR_IR_MODULE_H

#include "ir/SourceManager.h"
#include "ir/Value.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace armor::ir {

class Module;

/// A template parameter.
struct Parameter {
  std::string name;
  SourceRange range; ///< the parameter's name in the source
  std::string type;  ///< as declared: string, securestring, int, bool, ...
  std::optional<Value> defaultValue;
  std::optional<Value> allowedValues; ///< an array value when present
  Value declaration;                  ///< the whole declaration object
  /// The value supplied by a parameter file, if any.
  std::optional<Value> suppliedValue;
  SourceRange suppliedRange;

  bool isSecure() const;
};

/// A template variable; copy-loop variables keep their `copy` in value.
struct Variable {
  std::string name;
  SourceRange range;
  Value value;
};

/// A user-defined function (`functions[].members`), kept for the evaluator.
struct Function {
  std::string qualifiedName; ///< namespace.member
  SourceRange range;
  std::vector<std::pair<std::string, std::string>> parameters; ///< name, type
  Value output; ///< the output's `value`
  std::string outputType;
};

/// A resource or property copy loop (`copy` in ARM, `for` in Bicep).
struct CopyLoop {
  std::string name;
  Value count;
  std::string mode; ///< serial or parallel
  std::optional<Value> batchSize;
  /// Output and variable loops: what each iteration yields (`input`).
  Value input;
  SourceRange range;
};

/// A declared resource (or a reference to an existing one).
struct Resource {
  std::string symbolicName; ///< languageVersion 2.0 key or Bicep symbol
  std::string
      type; ///< full type, e.g. Microsoft.Network/virtualNetworks/subnets
  std::string apiVersion;
  Value name;     ///< full name, e.g. "vnet/subnet" (an expression if built)
  Value location; ///< null if absent
  Value tags;     ///< null if absent
  Value properties;
  Value condition; ///< null if unconditional
  Value scope;     ///< null if the deployment scope
  Value dependsOn;
  /// The rest of the declaration (type, sku, kind, identity, metadata, ...):
  /// the members above live only in their fields, never twice.
  Value body;
  std::optional<CopyLoop> copy;
  bool existing = false;
  /// Index of the enclosing resource for nested child resources, or -1.
  int parent = -1;
  SourceRange range;     ///< the declaration (object or Bicep statement)
  SourceRange typeRange; ///< the `type` value (Bicep: the type string)
  /// For Microsoft.Resources/deployments with a template: its module.
  std::unique_ptr<Module> nested;

  /// The last segment of the type, e.g. "subnets".
  llvm::StringRef shortType() const;

  /// Takes a declaration object: moves name, location, tags, properties,
  /// condition, scope and dependsOn into their fields and keeps the other
  /// members as the body.
  void adoptBody(Value declaration);
  /// A top-level member of the declaration by key, case-insensitively:
  /// the field for the members adoptBody() moves (null if absent), else the
  /// body's member.
  const Value *getMember(llvm::StringRef key) const;
};

/// A template output.
struct Output {
  std::string name;
  SourceRange range;
  std::string type;
  Value value;
  std::optional<CopyLoop> copy;
  /// The declaration's metadata (null if none): it records, for one, the
  /// source of a resource-derived type.
  Value metadata;
};

/// One deployment scope.
class Module {
public:
  FileId file = 0;
  SourceRange range; ///< the template object
  std::string schema;
  std::string contentVersion;
  std::string languageVersion;
  std::string targetScope; ///< resourceGroup, subscription, ...

  std::vector<Parameter> parameters;
  std::vector<Variable> variables;
  std::vector<Function> functions;
  std::vector<Resource> resources;
  std::vector<Output> outputs;
  Value definitions; ///< languageVersion 2.0 user-defined types

  const Parameter *findParameter(llvm::StringRef name) const;
  Parameter *findParameter(llvm::StringRef name);
  const Variable *findVariable(llvm::StringRef name) const;
  const Resource *findResourceBySymbol(llvm::StringRef symbol) const;
};

} // namespace armor::ir

#endif // ARMOR_IR_MODULE_H
