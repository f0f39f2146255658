//===- Lowering.cpp - Bicep AST to the IR ---------------------------------===//
///
/// \file
/// The lowering follows the stages of the official compiler's emitter:
///
///  1. Bind: collect the declarations (parameters, variables, resources with
///     their nested children, modules with their loaded interfaces, types,
///     functions, imports) and resolve resource parents and scopes.
///  2. Decide the template shape the compiler would choose: symbolic names
///     (languageVersion 2.0) or the classic form, and which variables must
///     be inlined because they read runtime state.
///  3. Emit: convert each Bicep expression to the ARM expression the compiler
///     writes (ir::Expr), and each declaration to the IR element the ARM
///     lowering would produce from the compiled JSON.
///
/// Ranges: every ir::Expr and ir::Value carries the range of the Bicep
/// syntax it came from; synthesized parts (a resourceId() for a symbolic
/// reference) carry the range of the reference.
///
//===----------------------------------------------------------------------===//

#include "frontend/bicep/Lowering.h"

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <set>

using namespace armor;
using namespace armor::bicep;
using namespace armor::bicep::ast;
using ir::ExprPtr;
using ir::Member;
using ir::Value;
using IRExpr = armor::ir::Expr;

LoweringHost::~LoweringHost() = default;

//===----------------------------------------------------------------------===//
// Compiler releases
//===----------------------------------------------------------------------===//

namespace {

/// The compiler release whose output the lowering reproduces: the latest by
/// default. The forms differ between releases only where the IR prints
/// compiler choices (the api version of the deployments modules become, an
/// api version in reference()); the differential test sets an older one with
/// ARMOR_BICEP_COMPAT=<major.minor[.patch]> for JSON an older compiler wrote.
struct CompilerRelease {
  unsigned major = 0;
  unsigned minor = 46;

  bool before(unsigned mj, unsigned mn) const {
    return major < mj || (major == mj && minor < mn);
  }

  static CompilerRelease fromEnvironment() {
    CompilerRelease release;
    if (const char *env = std::getenv("ARMOR_BICEP_COMPAT")) {
      llvm::StringRef text(env);
      unsigned mj = 0, mn = 0;
      auto [a, rest] = text.split('.');
      auto [b, tail] = rest.split('.');
      (void)tail;
      if (!a.getAsInteger(10, mj) && !b.getAsInteger(10, mn))
        release = {mj, mn};
    }
    return release;
  }

  /// The api version of the deployments that modules become.
  llvm::StringRef nestedDeploymentApiVersion() const {
    if (before(0, 5))
      return "2020-06-01";
    if (before(0, 16))
      return "2020-10-01";
    if (before(0, 38))
      return "2022-09-01";
    return "2025-04-01";
  }
  /// Until 0.12, reference() without 'full' named an api version only for
  /// existing or conditional resources (and conditional modules).
  bool minimalReferenceApiVersions() const { return before(0, 12); }
  /// Until 0.40, the `scope` of an extension resource was the unqualified
  /// id of the resource it extends.
  bool unqualifiedExtensionScope() const { return before(0, 40); }
  /// Since 0.6, load*() results are hoisted into `$fxv#N` variables.
  bool hoistsLoadedContent() const { return !before(0, 6); }
  /// Since 0.33, a nested resource's copy loop is named `parent::child`.
  bool qualifiedCopyNames() const { return !before(0, 33); }
};

} // namespace
static constexpr llvm::StringLiteral DeploymentsType =
    "Microsoft.Resources/deployments";

//===----------------------------------------------------------------------===//
// ARM expression helpers
//===----------------------------------------------------------------------===//

static ExprPtr makeString(llvm::StringRef s, SourceRange r) {
  return IRExpr::makeString(s.str(), r);
}

static ExprPtr makeCall(llvm::StringRef name, std::vector<ExprPtr> args,
                        SourceRange r) {
  return IRExpr::makeCall(name.str(), std::move(args), r);
}

/// True if ARM's expression serializer writes `.name` for this property
/// rather than `['name']`.
static bool isArmIdentifier(llvm::StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// The serializer's `ToFunctionExpression`: a literal used as the base of
/// an access becomes string('...') or int(...).
static ExprPtr toFunction(ExprPtr e) {
  if (e->getKind() == IRExpr::Kind::String)
    return makeCall("string", {e}, e->getRange());
  if (e->getKind() == IRExpr::Kind::Integer)
    return makeCall("int", {e}, e->getRange());
  return e;
}

/// `AppendProperties`: base.name, base['name'], base[0] or base[expr].
static ExprPtr appendAccess(ExprPtr base, ExprPtr accessor, SourceRange r) {
  base = toFunction(std::move(base));
  if (accessor->getKind() == IRExpr::Kind::String &&
      isArmIdentifier(accessor->text()))
    return IRExpr::makeMember(std::move(base), accessor->text(), r);
  return IRExpr::makeIndex(std::move(base), std::move(accessor), r);
}

static ExprPtr appendProperty(ExprPtr base, llvm::StringRef name,
                              SourceRange r) {
  return appendAccess(std::move(base), makeString(name, r), r);
}

/// Writes \p e the way the serializer writes an expression string.
static std::string serialize(const ExprPtr &e) {
  if (e->getKind() == IRExpr::Kind::String) {
    // SerializeAsString: a plain string, with a leading '[' escaped.
    llvm::StringRef s = e->text();
    if (s.starts_with("["))
      return "[" + s.str();
    return s.str();
  }
  return "[" + e->str() + "]";
}

/// A value for an ARM expression as the emitter writes it: literals as JSON
/// values, everything else as an expression string.
static Value toValue(ExprPtr e, SourceRange r) {
  switch (e->getKind()) {
  case IRExpr::Kind::String:
    return Value::string(e->text(), r);
  case IRExpr::Kind::Integer:
    return Value::integer(e->integer(), r);
  default:
    return Value::expression(std::move(e), r);
  }
}

/// Builds the format string of an interpolation from its segments.
static std::string buildFormatString(llvm::ArrayRef<llvm::StringRef> segments) {
  std::string out;
  for (size_t i = 0; i != segments.size(); ++i) {
    for (char c : segments[i]) {
      if (c == '{' || c == '}')
        out += c;
      out += c;
    }
    if (i + 1 != segments.size())
      out += "{" + std::to_string(i) + "}";
  }
  return out;
}

/// ObjectExpression.MergeProperty on IR values: replaces (or deep-merges,
/// for two objects) the member \p key, or appends it.
static void mergeProperty(Value &object, llvm::StringRef key, Value value) {
  if (!object.isObject())
    object = Value::object({}, object.getRange());
  for (Member &m : object.members()) {
    if (m.key != key)
      continue;
    if (m.value.isObject() && value.isObject()) {
      for (Member &inner : value.members())
        mergeProperty(m.value, inner.key, std::move(inner.value));
      return;
    }
    m.value = std::move(value);
    return;
  }
  object.members().push_back({key.str(), value.getRange(), std::move(value)});
}

static Value makeObject(std::vector<Member> members, SourceRange r = {}) {
  return Value::object(std::move(members), r);
}

static ExprPtr valueToExpr(const Value &v, SourceRange r);

/// load*() functions whose results the compiler knows at compile time.
static bool isLoadFunction(const CallExpr *c, bool &always) {
  if (c->base && !llvm::isa<NameExpr>(c->base))
    return false;
  if (c->base && llvm::cast<NameExpr>(c->base)->name != "sys")
    return false;
  llvm::StringRef n = c->name;
  always = n == "loadJsonContent" || n == "loadYamlContent" ||
           n == "loadDirectoryFileInfo";
  return always || n == "loadTextContent" || n == "loadFileAsBase64";
}

//===----------------------------------------------------------------------===//
// Symbols
//===----------------------------------------------------------------------===//

namespace {

enum class ScopeKind : uint8_t {
  Tenant,
  ManagementGroup,
  Subscription,
  ResourceGroup,
  Resource,
};

struct ResourceSym;

/// Where a resource or module is deployed (ScopeHelper.ScopeData).
struct ScopeData {
  ScopeKind kind = ScopeKind::ResourceGroup;
  const ast::Expr *managementGroupName = nullptr;
  const ast::Expr *subscriptionId = nullptr;
  const ast::Expr *resourceGroupName = nullptr;
  ResourceSym *resource = nullptr;  ///< the extended resource
  const ast::Expr *index = nullptr; ///< index into a scoping collection
  /// The loop of the scoping resource whose syntax the names above are:
  /// they name its variables, replaced by `index`.
  const ForExpr *loop = nullptr;
};

struct ResourceSym {
  const ResourceDecl *decl = nullptr;
  std::string symbol;            ///< `a`, or `a::b` for a nested resource
  ResourceSym *parent = nullptr; ///< nested parent or `parent:` property
  bool nested = false;           ///< declared inside the parent's body
  std::string type;              ///< fully qualified
  std::string apiVersion;
  const ObjectExpr *body = nullptr;
  const ast::Expr *condition = nullptr;
  const ForExpr *loop = nullptr;
  const ast::Expr *name = nullptr;
  const ast::Expr *parentExpr = nullptr;
  const ast::Expr *parentIndex = nullptr; ///< `parent: p[i]`
  bool existing = false;
  bool isAz = true;
  ScopeData scope;
  int scopeState = 0; ///< 0 unresolved, 1 resolving, 2 resolved
  llvm::StringMap<ResourceSym *> children; ///< nested declarations
  int irIndex = -1;
};

struct ModuleSym {
  const ModuleDecl *decl = nullptr;
  const ObjectExpr *body = nullptr;
  const ast::Expr *condition = nullptr;
  const ForExpr *loop = nullptr;
  const ast::Expr *nameExpr = nullptr; ///< explicit `name:`, else generated
  LoadedModule loaded;
  ScopeData scope;
};

struct ParamSym {
  const ParamDecl *decl = nullptr;
  bool isResource = false;
  std::string resourceType, apiVersion;
};

struct VarSym {
  const VarDecl *decl = nullptr;
  int inlineState = 0; ///< 0 unknown, 1 visiting, 2 decided
  bool inlined = false;
};

/// A symbol imported at compile time.
struct ImportedSym {
  std::optional<ExportedSymbol::Kind> kind; ///< unknown for registry imports
  std::string armName;                      ///< its name in the template
  llvm::StringRef name;                     ///< its name where exported
  const ExportTable *exports = nullptr;
};

struct WildcardSym {
  const ExportTable *exports = nullptr;
  std::string source; ///< the path as written
  std::string prefix; ///< `_1` in `_1.name`
};

/// A variable introduced by a loop, a lambda or a function parameter.
struct LocalSym {
  enum class Kind : uint8_t { Item, Index, Lambda, FuncParam };
  llvm::StringRef name;
  Kind kind;
  const ForExpr *loop;
};

enum class SymbolKind : uint8_t {
  None,
  Param,
  Var,
  Resource,
  Module,
  Local,
  Import,
  Wildcard,
  Namespace,
  Function,
};

struct Resolved {
  SymbolKind kind = SymbolKind::None;
  ParamSym *param = nullptr;
  VarSym *var = nullptr;
  ResourceSym *resource = nullptr;
  ModuleSym *module = nullptr;
  const LocalSym *local = nullptr;
  ImportedSym *import = nullptr;
  WildcardSym *wildcard = nullptr;
};

/// What a property access on a resource or module reads.
enum class AccessFlags : uint8_t {
  None = 0,
  Safe = 1,
  FromEnd = 2,
  Chained = 4
};

} // namespace

//===----------------------------------------------------------------------===//
// The lowering of one file
//===----------------------------------------------------------------------===//

namespace {

class Lowerer {
public:
  Lowerer(const ParsedFile &file, LoweringHost &host, DiagnosticEngine &diags)
      : file(file), program(file.program), host(host), diags(diags) {}

  std::unique_ptr<ir::Module> run(ModuleInterface *interface);
  /// Lowers a .bicepparam file: its assignments become supplied values.
  void runParams(ir::Module &module);
  void checkSuppliedValue(const ir::Parameter &param, const Value &v,
                          SourceRange at);

  // Entry points shared with the .bicepparam lowering.
  void bind();
  Value emit(const ast::Expr *e);

private:
  //===--- Binding ------------------------------------------------------===//
  void bindResource(const ResourceDecl *decl, ResourceSym *enclosing);
  void resolveResource(ResourceSym &r);
  void resolveScope(ResourceSym &r);
  std::optional<ScopeData> scopeOf(const ast::Expr *scope, SourceRange where);
  void bindModule(const ModuleDecl *decl);
  void bindImport(const ImportDecl *decl);
  bool decideSymbolicNames();
  bool hasTypeSyntax(const TypeNode *t) const;
  bool usesCollectionDirectly(const ast::Expr *e);

  Resolved resolve(llvm::StringRef name);
  ResourceSym *resourceOf(const ast::Expr *e, const ast::Expr **index);
  ModuleSym *moduleOf(const ast::Expr *e, const ast::Expr **index);

  //===--- Inlining -----------------------------------------------------===//
  bool shouldInline(VarSym &v);
  bool needsInlining(const ast::Expr *e);

  //===--- Expressions --------------------------------------------------===//
  ExprPtr convert(const ast::Expr *e);
  ExprPtr convertString(const StringExpr *s);
  ExprPtr convertObject(const ObjectExpr *o);
  ExprPtr convertArray(const ArrayExpr *a);
  ExprPtr convertBinary(const BinaryExpr *b);
  ExprPtr convertCall(const CallExpr *c);
  ExprPtr convertName(const NameExpr *n);
  ExprPtr convertProperty(const PropertyExpr *p);
  ExprPtr convertIndex(const IndexExpr *i);
  ExprPtr convertLambda(const LambdaExpr *l);
  ExprPtr convertAccess(const ast::Expr *base, ExprPtr accessor,
                        const ast::Expr *source, bool safe, bool fromEnd);
  ExprPtr convertLoad(const CallExpr *c, bool &handled);
  std::optional<Value> loadJson(const CallExpr *c);
  bool isChained(const ast::Expr *base) const;

  ExprPtr loopItem(const ForExpr *loop, SourceRange r);
  ExprPtr loopIndex(const ForExpr *loop, SourceRange r);
  ExprPtr convertIterable(const ForExpr *loop);

  // Resources and modules.
  ExprPtr resourceProperty(ResourceSym &r, const ast::Expr *index,
                           llvm::StringRef property, bool safe, SourceRange at);
  ExprPtr resourceReference(ResourceSym &r, const ast::Expr *index, bool full,
                            SourceRange at);
  ExprPtr resourceId(ResourceSym &r, const ast::Expr *index, SourceRange at);
  ExprPtr unqualifiedId(ResourceSym &r, const ast::Expr *index, SourceRange at);
  ExprPtr symbolicReference(llvm::StringRef symbol, const ast::Expr *index,
                            SourceRange at);
  std::vector<ExprPtr> nameSegments(ResourceSym &r, const ast::Expr *index,
                                    SourceRange at);
  ExprPtr fullyQualifiedId(const ScopeData &scope, llvm::StringRef type,
                           std::vector<ExprPtr> segments, SourceRange at);
  ExprPtr fullName(ResourceSym &r, SourceRange at);
  ExprPtr moduleName(ModuleSym &m, const ast::Expr *index, SourceRange at);
  ExprPtr moduleId(ModuleSym &m, const ast::Expr *index, SourceRange at);
  ExprPtr moduleReference(ModuleSym &m, const ast::Expr *index, SourceRange at);
  ExprPtr guardCondition(ResourceSym &r, ExprPtr e, bool safe, SourceRange at);
  ExprPtr withReplacement(const ForExpr *loop, const ast::Expr *index,
                          const std::function<ExprPtr()> &body);
  ExprPtr convertScopePart(const ScopeData &scope, const ast::Expr *part);
  /// As above, with the index already converted (null: none).
  ExprPtr withReplacement(const ForExpr *loop, ExprPtr replacement,
                          const std::function<ExprPtr()> &body);
  std::string symbolicNameOf(const ResourceSym &r) const { return r.symbol; }

  //===--- Values -------------------------------------------------------===//
  Value emitObject(const ObjectExpr *o, llvm::StringRef omitKind = {});
  Value
  emitCopyArray(llvm::ArrayRef<std::pair<std::string, const ForExpr *>> loops,
                SourceRange r);
  Value copyObject(llvm::StringRef name, const ForExpr *loop,
                   const ast::Expr *input, SourceRange r,
                   llvm::StringRef copyIndexOverride = {});
  Value loopCount(const ForExpr *loop);

  //===--- Types --------------------------------------------------------===//
  Value typeProperties(const TypeNode *t);
  Value derivedTypeProperties(const TypeNode *root,
                              llvm::ArrayRef<std::string> path,
                              const TypeNode *whole = nullptr);
  Value applyModifiers(llvm::ArrayRef<Decorator> decorators, Value object,
                       bool isTypeDecl);
  std::optional<Value> literalValue(const TypeNode *t);
  /// \p keepNull: a `null` member is a value (array items), not the
  /// nullability of the declaration.
  std::optional<Value> allowedValues(const TypeNode *t, bool keepNull = false);
  std::string nonLiteralTypeName(const TypeNode *t);
  const TypeNode *resolveTypeAlias(const TypeNode *t, int depth = 0) const;

  //===--- Declarations -------------------------------------------------===//
  void emitParameters(ir::Module &m);
  void emitVariables(ir::Module &m);
  void emitFunctions(ir::Module &m);
  void emitImportedSymbols(ir::Module &m);
  std::optional<std::string> constantString(const ast::Expr *e,
                                            unsigned depth = 0);
  bool possibleStrings(const ast::Expr *e, std::vector<std::string> &out,
                       unsigned depth = 0);
  std::optional<Value> loadDirectory(const CallExpr *c);
  std::optional<std::string> readLoadedFile(const CallExpr *c,
                                            FileId *fileOut = nullptr);
  /// load*() calls whose file could not be read, so far.
  unsigned failedLoads = 0;
  /// Uses of symbols imported from a file that is not available, so far.
  unsigned unavailableImports = 0;
  void emitDefinitions(ir::Module &m);
  void emitResource(ir::Module &m, ResourceSym &r);
  void emitModule(ir::Module &m, ModuleSym &mod);
  void emitOutputs(ir::Module &m);
  void checkModuleNames();
  void emitScopeProperties(const ScopeData &scope, Value &body, SourceRange at);
  Value moduleParameters(ModuleSym &mod);

  void semanticError(SourceRange r, std::string message) {
    diags.semanticError(r, "{0}", message);
  }

  const ParsedFile &file;
  const Program &program;
  LoweringHost &host;
  DiagnosticEngine &diags;

  std::string targetScope = "resourceGroup";
  ScopeKind targetKind = ScopeKind::ResourceGroup;
  bool symbolicNames = false;

  llvm::StringMap<ParamSym> params;
  llvm::StringMap<VarSym> vars;
  std::vector<const VarDecl *> varOrder;
  std::deque<ResourceSym> resourceStore;
  std::vector<ResourceSym *> resources; ///< declaration order, pre-order
  llvm::StringMap<ResourceSym *> topResources;
  std::deque<ModuleSym> moduleStore;
  llvm::StringMap<ModuleSym *> modules;
  llvm::StringMap<const FuncDecl *> funcs;
  llvm::StringMap<const TypeDecl *> types;
  llvm::StringMap<ImportedSym> imports;
  llvm::StringMap<WildcardSym> wildcards;
  std::set<std::string> importSources; ///< paths of the imported files
  llvm::StringSet<> namespaces{"az", "sys"};
  std::vector<const OutputDecl *> outputs;
  std::vector<const ValueDecl *> metadata;

  // Emission state.
  std::vector<LocalSym> locals;
  std::vector<ResourceSym *> resourceScopes; ///< bodies being emitted
  llvm::DenseMap<const ForExpr *, std::optional<std::string>> copyNames;
  llvm::DenseMap<const ForExpr *, ExprPtr> replacements;
  /// load*() results hoisted into `$fxv#N` variables.
  std::vector<std::pair<std::string, Value>> functionVariables;
  llvm::DenseMap<const CallExpr *, std::string> functionVariableNames;
  unsigned depth = 0;
  const CompilerRelease release = CompilerRelease::fromEnvironment();
  /// A .bicepparam file: parameters and variables are read by value.
  bool paramsMode = false;
  llvm::StringSet<> expanding;
  /// Nodes the lowering synthesizes (a['x'] read as a.x).
  SyntaxArena scratch;
};

} // namespace

//===----------------------------------------------------------------------===//
// Binding
//===----------------------------------------------------------------------===//

/// Splits 'Microsoft.X/y@2020-01-01' into type and api version.
static std::pair<std::string, std::string> splitTypeString(llvm::StringRef s) {
  // 'az:Microsoft.X/y@v' names the extension that provides the type.
  if (size_t colon = s.find(':');
      colon != llvm::StringRef::npos && !s.take_front(colon).contains('/'))
    s = s.drop_front(colon + 1);
  auto [type, api] = s.split('@');
  return {type.str(), api.str()};
}

static const ast::Expr *unwrapBody(const ast::Expr *body,
                                   const ast::Expr **condition,
                                   const ForExpr **loop) {
  if (auto *f = llvm::dyn_cast_or_null<ForExpr>(body)) {
    *loop = f;
    body = f->body;
  }
  if (auto *i = llvm::dyn_cast_or_null<IfExpr>(body)) {
    *condition = i->condition;
    body = i->body;
  }
  return body;
}

void Lowerer::bindResource(const ResourceDecl *decl, ResourceSym *enclosing) {
  ResourceSym &r = resourceStore.emplace_back();
  r.decl = decl;
  r.symbol = enclosing ? enclosing->symbol + "::" + decl->name.str()
                       : decl->name.str();
  r.existing = decl->existing;
  const ast::Expr *condition = nullptr;
  const ForExpr *loop = nullptr;
  r.body = llvm::dyn_cast_or_null<ObjectExpr>(
      unwrapBody(decl->body, &condition, &loop));
  r.condition = condition;
  r.loop = loop;
  if (r.body) {
    r.name = r.body->get("name");
    r.parentExpr = r.body->get("parent");
  }
  if (decl->typeString && decl->typeString->isLiteral()) {
    auto [type, api] = splitTypeString(decl->typeString->literal());
    r.type = type;
    r.apiVersion = api;
  } else if (decl->typeString) {
    semanticError(decl->typeString->range,
                  "a resource type must be a string without interpolation");
  }
  if (enclosing) {
    r.parent = enclosing;
    r.nested = true;
    // A nested resource may name its type relative to its parent's:
    // 'subnets' or 'subnets@2023-01-01'.
    if (!llvm::StringRef(r.type).contains('/')) {
      r.type = enclosing->type + "/" + r.type;
      if (r.apiVersion.empty())
        r.apiVersion = enclosing->apiVersion;
    }
    enclosing->children[decl->name] = &r;
  } else if (!decl->name.empty()) {
    if (!topResources.try_emplace(decl->name, &r).second)
      semanticError(decl->nameRange, "the symbol '" + decl->name.str() +
                                         "' is declared more than once");
  }
  resources.push_back(&r);
  if (r.body)
    for (const ObjectItem &item : r.body->items)
      if (item.kind == ObjectItem::Kind::Resource && item.resource)
        bindResource(item.resource, &r);
}

void Lowerer::bindModule(const ModuleDecl *decl) {
  ModuleSym &m = moduleStore.emplace_back();
  m.decl = decl;
  const ast::Expr *condition = nullptr;
  const ForExpr *loop = nullptr;
  m.body = llvm::dyn_cast_or_null<ObjectExpr>(
      unwrapBody(decl->body, &condition, &loop));
  m.condition = condition;
  m.loop = loop;
  if (m.body)
    m.nameExpr = m.body->get("name");
  if (!decl->path || !decl->path->isLiteral()) {
    if (decl->path)
      semanticError(decl->path->range,
                    "a module path must be a string without interpolation");
  } else {
    m.loaded = host.loadModule(program.file, decl->path->literal(),
                               decl->path->range, diags);
  }
  if (!modules.try_emplace(decl->name, &m).second)
    semanticError(decl->nameRange, "the symbol '" + decl->name.str() +
                                       "' is declared more than once");
}

void Lowerer::bindImport(const ImportDecl *decl) {
  if (decl->legacyExtension) {
    if (!decl->name.empty())
      namespaces.insert(decl->name);
    else if (decl->path && decl->path->isLiteral())
      namespaces.insert(decl->path->literal().split('@').first);
    return;
  }
  if (!decl->path || !decl->path->isLiteral())
    return;
  importSources.insert(decl->path->literal().str());
  const ExportTable &exports = host.loadExports(
      program.file, decl->path->literal(), decl->path->range, diags);
  if (!decl->wildcardAlias.empty()) {
    WildcardSym &w = wildcards[decl->wildcardAlias];
    w.exports = &exports;
    w.source = decl->path->literal().str();
    return;
  }
  for (const ImportedSymbol &s : decl->symbols) {
    ImportedSym &imp = imports[s.alias];
    imp.armName = s.alias.str();
    imp.name = s.name;
    imp.exports = &exports;
    auto it = exports.symbols.find(s.name);
    if (it != exports.symbols.end())
      imp.kind = it->second.kind;
  }
}

void Lowerer::bind() {
  for (const Decl *d : program.decls) {
    switch (d->kind) {
    case Decl::Kind::TargetScope: {
      auto *v = llvm::cast<ValueDecl>(d);
      auto *s = llvm::dyn_cast_or_null<StringExpr>(skipParens(v->value));
      if (s && s->isLiteral())
        targetScope = s->literal().str();
      break;
    }
    case Decl::Kind::Metadata:
      metadata.push_back(llvm::cast<ValueDecl>(d));
      break;
    case Decl::Kind::Param: {
      auto *p = llvm::cast<ParamDecl>(d);
      ParamSym &sym = params[p->name];
      sym.decl = p;
      if (p->type && p->type->kind == TypeNode::Kind::Resource) {
        sym.isResource = true;
        if (p->type->resourceType && p->type->resourceType->isLiteral()) {
          auto [type, api] = splitTypeString(p->type->resourceType->literal());
          sym.resourceType = type;
          sym.apiVersion = api;
        }
      }
      break;
    }
    case Decl::Kind::Var: {
      auto *v = llvm::cast<VarDecl>(d);
      vars[v->name].decl = v;
      varOrder.push_back(v);
      break;
    }
    case Decl::Kind::Type:
      types[d->name] = llvm::cast<TypeDecl>(d);
      break;
    case Decl::Kind::Func:
      funcs[d->name] = llvm::cast<FuncDecl>(d);
      break;
    case Decl::Kind::Resource:
      bindResource(llvm::cast<ResourceDecl>(d), nullptr);
      break;
    case Decl::Kind::Module:
      bindModule(llvm::cast<ModuleDecl>(d));
      break;
    case Decl::Kind::Output:
      outputs.push_back(llvm::cast<OutputDecl>(d));
      break;
    case Decl::Kind::Import:
      bindImport(llvm::cast<ImportDecl>(d));
      break;
    case Decl::Kind::Extension:
      if (!d->name.empty())
        namespaces.insert(d->name);
      break;
    default:
      break;
    }
  }

  if (targetScope == "subscription")
    targetKind = ScopeKind::Subscription;
  else if (targetScope == "managementGroup")
    targetKind = ScopeKind::ManagementGroup;
  else if (targetScope == "tenant")
    targetKind = ScopeKind::Tenant;
  else
    targetKind = ScopeKind::ResourceGroup;

  // Symbols of a wildcard import get the `_N.` prefix of their source: N
  // counts the imported files in the ordinal order of their paths.
  for (auto &w : wildcards) {
    auto it = importSources.find(w.second.source);
    w.second.prefix =
        ("_" + llvm::Twine(std::distance(importSources.begin(), it) + 1)).str();
  }

  bool hasExtensions = llvm::any_of(program.decls, [](const Decl *d) {
    return d->kind == Decl::Kind::Extension;
  });
  for (ResourceSym *r : resources) {
    resolveResource(*r);
    if (hasExtensions) {
      llvm::StringRef type(r->type);
      r->isAz = type.starts_with_insensitive("Microsoft.") &&
                !type.starts_with_insensitive("Microsoft.Graph/");
    }
  }
  for (ResourceSym *r : resources)
    resolveScope(*r);
  for (ModuleSym &m : moduleStore) {
    const ast::Expr *scope = m.body ? m.body->get("scope") : nullptr;
    m.scope.kind = targetKind;
    if (scope)
      if (std::optional<ScopeData> s = scopeOf(scope, scope->range))
        m.scope = *s;
  }
}

/// Resolves `parent:` to the parent resource.
void Lowerer::resolveResource(ResourceSym &r) {
  if (r.nested || !r.parentExpr)
    return;
  const ast::Expr *index = nullptr;
  ResourceSym *parent = resourceOf(r.parentExpr, &index);
  if (!parent) {
    semanticError(r.parentExpr->range,
                  "'parent' must refer to a resource declared in this file");
    return;
  }
  for (ResourceSym *p = parent; p; p = p->parent)
    if (p == &r) {
      semanticError(r.parentExpr->range,
                    "the resource '" + r.symbol + "' is its own ancestor");
      return;
    }
  r.parent = parent;
  r.parentIndex = index;
}

void Lowerer::resolveScope(ResourceSym &r) {
  if (r.scopeState == 2)
    return;
  if (r.scopeState == 1) {
    semanticError(r.decl->nameRange,
                  "the scope of '" + r.symbol + "' depends on itself");
    r.scopeState = 2;
    return;
  }
  r.scopeState = 1;
  r.scope.kind = targetKind;
  if (r.parent) {
    // Children deploy where their oldest ancestor deploys.
    resolveScope(*r.parent);
    r.scope = r.parent->scope;
  } else if (const ast::Expr *scope = r.body ? r.body->get("scope") : nullptr) {
    if (std::optional<ScopeData> s = scopeOf(scope, scope->range))
      r.scope = *s;
  }
  r.scopeState = 2;
}

std::optional<ScopeData> Lowerer::scopeOf(const ast::Expr *scope,
                                          SourceRange where) {
  scope = skipParens(const_cast<ast::Expr *>(scope));
  if (++depth > 64) {
    --depth;
    return std::nullopt;
  }
  auto done = llvm::make_scope_exit([&] { --depth; });
  if (auto *c = llvm::dyn_cast<CallExpr>(scope)) {
    bool plain = !c->base;
    if (auto *ns = llvm::dyn_cast_or_null<NameExpr>(c->base))
      plain = ns->name == "az" || ns->name == "sys";
    if (plain) {
      ScopeData s;
      llvm::StringRef name = c->name;
      if (name == "tenant") {
        s.kind = ScopeKind::Tenant;
        return s;
      }
      if (name == "managementGroup") {
        s.kind = ScopeKind::ManagementGroup;
        if (!c->args.empty())
          s.managementGroupName = c->args[0];
        return s;
      }
      if (name == "subscription") {
        s.kind = ScopeKind::Subscription;
        if (!c->args.empty())
          s.subscriptionId = c->args[0];
        return s;
      }
      if (name == "resourceGroup") {
        s.kind = ScopeKind::ResourceGroup;
        if (c->args.size() == 1)
          s.resourceGroupName = c->args[0];
        else if (c->args.size() >= 2)
          s.subscriptionId = c->args[0], s.resourceGroupName = c->args[1];
        return s;
      }
    }
  }
  if (auto *n = llvm::dyn_cast<NameExpr>(scope)) {
    Resolved sym = resolve(n->name);
    if (sym.kind == SymbolKind::Var && sym.var->decl)
      return scopeOf(sym.var->decl->value, where);
  }
  const ast::Expr *index = nullptr;
  if (ResourceSym *target = resourceOf(scope, &index)) {
    resolveScope(*target);
    ScopeData s;
    s.index = index;
    s.loop = target->loop;
    if (llvm::StringRef(target->type)
            .equals_insensitive("Microsoft.Resources/resourceGroups")) {
      s.kind = ScopeKind::ResourceGroup;
      s.subscriptionId = target->scope.subscriptionId;
      s.resourceGroupName = target->name;
      return s;
    }
    if (llvm::StringRef(target->type)
            .equals_insensitive("Microsoft.Management/managementGroups")) {
      s.kind = ScopeKind::ManagementGroup;
      s.managementGroupName = target->name;
      return s;
    }
    s.kind = ScopeKind::Resource;
    s.resource = target;
    return s;
  }
  // A scope the compiler cannot resolve either (a ternary of scopes): it
  // emits no scope properties, so the deployment goes to the target scope.
  (void)where;
  return std::nullopt;
}

/// The resource a syntax refers to: `r`, `r[i]`, `a::b`, `(r)`, `r!`.
ResourceSym *Lowerer::resourceOf(const ast::Expr *e, const ast::Expr **index) {
  e = skipParens(const_cast<ast::Expr *>(e));
  if (!e)
    return nullptr;
  if (auto *i = llvm::dyn_cast<IndexExpr>(e)) {
    const ast::Expr *inner = nullptr;
    ResourceSym *r = resourceOf(i->base, &inner);
    if (r && r->loop && !inner) {
      if (index)
        *index = i->index;
      return r;
    }
    return nullptr;
  }
  if (auto *n = llvm::dyn_cast<NameExpr>(e)) {
    Resolved sym = resolve(n->name);
    return sym.kind == SymbolKind::Resource ? sym.resource : nullptr;
  }
  if (auto *a = llvm::dyn_cast<ResourceAccessExpr>(e)) {
    ResourceSym *base = resourceOf(a->base, nullptr);
    if (!base)
      return nullptr;
    auto it = base->children.find(a->name);
    return it == base->children.end() ? nullptr : it->second;
  }
  return nullptr;
}

ModuleSym *Lowerer::moduleOf(const ast::Expr *e, const ast::Expr **index) {
  e = skipParens(const_cast<ast::Expr *>(e));
  if (!e)
    return nullptr;
  if (auto *i = llvm::dyn_cast<IndexExpr>(e)) {
    ModuleSym *m = moduleOf(i->base, nullptr);
    if (m && m->loop) {
      if (index)
        *index = i->index;
      return m;
    }
    return nullptr;
  }
  if (auto *n = llvm::dyn_cast<NameExpr>(e)) {
    Resolved sym = resolve(n->name);
    return sym.kind == SymbolKind::Module ? sym.module : nullptr;
  }
  return nullptr;
}

Resolved Lowerer::resolve(llvm::StringRef name) {
  Resolved r;
  for (auto it = locals.rbegin(); it != locals.rend(); ++it)
    if (it->name == name) {
      r.kind = SymbolKind::Local;
      r.local = &*it;
      return r;
    }
  for (auto it = resourceScopes.rbegin(); it != resourceScopes.rend(); ++it) {
    auto child = (*it)->children.find(name);
    if (child != (*it)->children.end()) {
      r.kind = SymbolKind::Resource;
      r.resource = child->second;
      return r;
    }
  }
  if (auto it = params.find(name); it != params.end()) {
    r.kind = SymbolKind::Param;
    r.param = &it->second;
    return r;
  }
  if (auto it = vars.find(name); it != vars.end()) {
    r.kind = SymbolKind::Var;
    r.var = &it->second;
    return r;
  }
  if (auto it = topResources.find(name); it != topResources.end()) {
    r.kind = SymbolKind::Resource;
    r.resource = it->second;
    return r;
  }
  if (auto it = modules.find(name); it != modules.end()) {
    r.kind = SymbolKind::Module;
    r.module = it->second;
    return r;
  }
  if (auto it = imports.find(name); it != imports.end()) {
    r.kind = SymbolKind::Import;
    r.import = &it->second;
    return r;
  }
  if (auto it = wildcards.find(name); it != wildcards.end()) {
    r.kind = SymbolKind::Wildcard;
    r.wildcard = &it->second;
    return r;
  }
  if (funcs.count(name)) {
    r.kind = SymbolKind::Function;
    return r;
  }
  if (namespaces.count(name)) {
    r.kind = SymbolKind::Namespace;
    return r;
  }
  return r;
}

//===----------------------------------------------------------------------===//
// Template shape
//===----------------------------------------------------------------------===//

/// Calls \p fn on each direct sub-expression of \p e.
template <typename Fn> static void forEachChild(const ast::Expr *e, Fn &&fn) {
  if (!e)
    return;
  switch (e->kind) {
  case ast::Expr::Kind::String:
    for (ast::Expr *h : llvm::cast<StringExpr>(e)->holes)
      fn(h);
    return;
  case ast::Expr::Kind::Object:
    for (const ObjectItem &item : llvm::cast<ObjectExpr>(e)->items) {
      if (item.key)
        fn(item.key);
      if (item.value)
        fn(item.value);
    }
    return;
  case ast::Expr::Kind::Array:
    for (const ArrayItem &item : llvm::cast<ArrayExpr>(e)->items)
      fn(item.value);
    return;
  case ast::Expr::Kind::For: {
    auto *f = llvm::cast<ForExpr>(e);
    fn(f->iterable);
    fn(f->body);
    return;
  }
  case ast::Expr::Kind::If: {
    auto *i = llvm::cast<IfExpr>(e);
    fn(i->condition);
    fn(i->body);
    return;
  }
  case ast::Expr::Kind::Ternary: {
    auto *t = llvm::cast<TernaryExpr>(e);
    fn(t->condition);
    fn(t->whenTrue);
    fn(t->whenFalse);
    return;
  }
  case ast::Expr::Kind::Binary:
    fn(llvm::cast<BinaryExpr>(e)->lhs);
    fn(llvm::cast<BinaryExpr>(e)->rhs);
    return;
  case ast::Expr::Kind::Unary:
    fn(llvm::cast<UnaryExpr>(e)->operand);
    return;
  case ast::Expr::Kind::Call: {
    auto *c = llvm::cast<CallExpr>(e);
    if (c->base)
      fn(c->base);
    for (ast::Expr *a : c->args)
      fn(a);
    return;
  }
  case ast::Expr::Kind::Property:
    fn(llvm::cast<PropertyExpr>(e)->base);
    return;
  case ast::Expr::Kind::Index:
    fn(llvm::cast<IndexExpr>(e)->base);
    fn(llvm::cast<IndexExpr>(e)->index);
    return;
  case ast::Expr::Kind::ResourceAccess:
    fn(llvm::cast<ResourceAccessExpr>(e)->base);
    return;
  case ast::Expr::Kind::NonNull:
    fn(llvm::cast<NonNullExpr>(e)->base);
    return;
  case ast::Expr::Kind::Paren:
    fn(llvm::cast<ParenExpr>(e)->inner);
    return;
  case ast::Expr::Kind::Lambda:
    fn(llvm::cast<LambdaExpr>(e)->body);
    return;
  case ast::Expr::Kind::Error:
  case ast::Expr::Kind::Integer:
  case ast::Expr::Kind::Boolean:
  case ast::Expr::Kind::Null:
  case ast::Expr::Kind::Name:
    return;
  }
}

bool Lowerer::hasTypeSyntax(const TypeNode *t) const {
  if (!t)
    return false;
  switch (t->kind) {
  case TypeNode::Kind::Object:
  case TypeNode::Kind::Array:
  case TypeNode::Kind::Tuple:
  case TypeNode::Kind::Union:
  case TypeNode::Kind::Nullable:
    return true;
  default:
    break;
  }
  for (const TypeNode *e : t->elements)
    if (hasTypeSyntax(e))
      return true;
  return false;
}

/// True if \p e uses a resource or module collection without an index or
/// property access (RequiresReferencesFunctionVisitor).
bool Lowerer::usesCollectionDirectly(const ast::Expr *e) {
  bool found = false;
  std::function<void(const ast::Expr *, bool)> visit = [&](const ast::Expr *x,
                                                           bool underAccess) {
    if (!x || found)
      return;
    if (auto *n = llvm::dyn_cast<NameExpr>(x)) {
      if (underAccess)
        return;
      Resolved sym = resolve(n->name);
      if ((sym.kind == SymbolKind::Resource && sym.resource->loop) ||
          (sym.kind == SymbolKind::Module && sym.module->loop))
        found = true;
      return;
    }
    bool access = llvm::isa<PropertyExpr, IndexExpr, ResourceAccessExpr>(x);
    if (auto *c = llvm::dyn_cast<CallExpr>(x))
      access = c->base != nullptr;
    forEachChild(x, [&](const ast::Expr *child) {
      bool childUnder = false;
      if (access) {
        const ast::Expr *base = nullptr;
        if (auto *p = llvm::dyn_cast<PropertyExpr>(x))
          base = p->base;
        else if (auto *i = llvm::dyn_cast<IndexExpr>(x))
          base = i->base;
        else if (auto *a = llvm::dyn_cast<ResourceAccessExpr>(x))
          base = a->base;
        else if (auto *c = llvm::dyn_cast<CallExpr>(x))
          base = c->base;
        childUnder = child == base;
      }
      visit(child, childUnder);
    });
  };
  visit(e, false);
  return found;
}

bool Lowerer::decideSymbolicNames() {
  bool typed = false;
  for (const Decl *d : program.decls) {
    switch (d->kind) {
    case Decl::Kind::Extension:
    case Decl::Kind::Type:
    case Decl::Kind::Func:
      return true;
    case Decl::Kind::Import:
      if (!llvm::cast<ImportDecl>(d)->legacyExtension)
        return true;
      break;
    case Decl::Kind::Var:
      if (llvm::cast<VarDecl>(d)->type)
        return true;
      break;
    case Decl::Kind::Param:
      typed |= hasTypeSyntax(llvm::cast<ParamDecl>(d)->type);
      break;
    case Decl::Kind::Output: {
      auto *o = llvm::cast<OutputDecl>(d);
      typed |= hasTypeSyntax(o->type);
      if (o->findDecorator("secure"))
        return true;
      break;
    }
    default:
      break;
    }
  }
  if (typed)
    return true;
  for (ResourceSym *r : resources) {
    if (!r->isAz)
      return true;
    if (r->existing && r->body && r->body->get("dependsOn"))
      return true;
    if (r->decl->findDecorator("onlyIfNotExists") ||
        r->decl->findDecorator("retryOn"))
      return true;
  }
  for (ModuleSym &m : moduleStore) {
    if (m.loaded.interface.hasSecureOutputs)
      return true;
    if (!m.nameExpr)
      return true;
  }
  // Direct use of a resource or module collection needs references().
  for (const Decl *d : program.decls) {
    const ast::Expr *value = nullptr;
    switch (d->kind) {
    case Decl::Kind::Var:
      value = llvm::cast<VarDecl>(d)->value;
      break;
    case Decl::Kind::Output:
      value = llvm::cast<OutputDecl>(d)->value;
      break;
    case Decl::Kind::Param:
      value = llvm::cast<ParamDecl>(d)->defaultValue;
      break;
    default:
      break;
    }
    if (value && usesCollectionDirectly(value))
      return true;
  }
  auto bodyUses = [&](const ObjectExpr *body) {
    if (!body)
      return false;
    for (const ObjectItem &item : body->items)
      if (item.kind == ObjectItem::Kind::Property &&
          item.keyText() != "dependsOn" && usesCollectionDirectly(item.value))
        return true;
    return false;
  };
  for (ResourceSym *r : resources)
    if (bodyUses(r->body))
      return true;
  for (ModuleSym &m : moduleStore)
    if (bodyUses(m.body))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Variable inlining
//===----------------------------------------------------------------------===//

static bool isDeployTimeConstantProperty(llvm::StringRef name) {
  return name == "id" || name == "name" || name == "type" ||
         name == "apiVersion";
}

/// Functions whose value is only known at deployment time; a variable that
/// calls them is inlined where it is used.
static bool requiresInlining(llvm::StringRef function) {
  return function == "reference" || function.starts_with("list") ||
         function == "toLogicalZone" || function == "toLogicalZones" ||
         function == "toPhysicalZone" || function == "toPhysicalZones" ||
         function == "externalInput";
}

/// True if \p e reads runtime state: a resource or module other than its
/// compile-time constant properties, or a runtime function.
bool Lowerer::needsInlining(const ast::Expr *e) {
  if (!e)
    return false;
  if (auto *n = llvm::dyn_cast<NameExpr>(e)) {
    Resolved sym = resolve(n->name);
    switch (sym.kind) {
    case SymbolKind::Var:
      return shouldInline(*sym.var);
    case SymbolKind::Resource:
    case SymbolKind::Module:
      return true;
    case SymbolKind::Param:
      return sym.param->isResource;
    default:
      return false;
    }
  }
  // `r.prop`, or `r['prop']` with an index known at compile time; the index
  // may name one of several properties (`r[cond ? 'id' : 'name']`).
  const ast::Expr *accessed = nullptr;
  std::vector<std::string> properties;
  if (auto *p = llvm::dyn_cast<PropertyExpr>(e)) {
    accessed = p->base;
    properties.push_back(p->name.str());
  } else if (auto *i = llvm::dyn_cast<IndexExpr>(e)) {
    if (possibleStrings(i->index, properties))
      accessed = i->base;
  }
  if (accessed) {
    auto readsState = [&](bool module) {
      return llvm::any_of(properties, [&](const std::string &property) {
        return module ? property != "name"
                      : !isDeployTimeConstantProperty(property);
      });
    };
    const ast::Expr *base = skipParens(const_cast<ast::Expr *>(accessed));
    if (auto *i = llvm::dyn_cast_or_null<IndexExpr>(base))
      base = skipParens(i->base);
    if (auto *n = llvm::dyn_cast_or_null<NameExpr>(base)) {
      Resolved sym = resolve(n->name);
      if (sym.kind == SymbolKind::Resource ||
          (sym.kind == SymbolKind::Param && sym.param->isResource))
        return readsState(false);
      if (sym.kind == SymbolKind::Module)
        return readsState(true);
    }
    if (llvm::isa_and_nonnull<ResourceAccessExpr>(base))
      return readsState(false);
    if (llvm::isa<PropertyExpr>(e))
      return needsInlining(accessed);
  }
  if (auto *f = llvm::dyn_cast<ForExpr>(e)) {
    if (needsInlining(f->iterable))
      return true;
    size_t mark = locals.size();
    locals.push_back({f->itemName, LocalSym::Kind::Item, f});
    if (!f->indexName.empty())
      locals.push_back({f->indexName, LocalSym::Kind::Index, f});
    bool result = needsInlining(f->body);
    locals.resize(mark);
    return result;
  }
  if (auto *l = llvm::dyn_cast<LambdaExpr>(e)) {
    size_t mark = locals.size();
    for (llvm::StringRef p : l->params)
      locals.push_back({p, LocalSym::Kind::Lambda, nullptr});
    bool result = needsInlining(l->body);
    locals.resize(mark);
    return result;
  }
  if (auto *c = llvm::dyn_cast<CallExpr>(e)) {
    if (c->name == "nameof")
      return false;
    if (requiresInlining(c->name))
      return true;
    // A method of a resource (sa.listKeys(), kv.getSecret()) reads it.
    if (c->base && resourceOf(c->base, nullptr))
      return true;
  }
  bool result = false;
  forEachChild(e, [&](const ast::Expr *child) {
    if (!result)
      result = needsInlining(child);
  });
  return result;
}

bool Lowerer::shouldInline(VarSym &v) {
  if (v.inlineState == 2)
    return v.inlined;
  if (v.inlineState == 1)
    return false; // a cycle; reported by the evaluator
  v.inlineState = 1;
  // The variable's value is read in the file's scope, not the caller's.
  std::vector<LocalSym> savedLocals;
  std::vector<ResourceSym *> savedScopes;
  std::swap(savedLocals, locals);
  std::swap(savedScopes, resourceScopes);
  v.inlined = v.decl && needsInlining(v.decl->value);
  std::swap(savedLocals, locals);
  std::swap(savedScopes, resourceScopes);
  v.inlineState = 2;
  return v.inlined;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

ExprPtr Lowerer::convert(const ast::Expr *e) {
  if (!e)
    return makeCall("null", {}, {});
  if (++depth > 256) {
    --depth;
    semanticError(e->range, "expression nested too deeply");
    return makeCall("null", {}, e->range);
  }
  auto done = llvm::make_scope_exit([&] { --depth; });
  SourceRange r = e->range;
  switch (e->kind) {
  case ast::Expr::Kind::Error:
    return makeCall("null", {}, r);
  case ast::Expr::Kind::String:
    return convertString(llvm::cast<StringExpr>(e));
  case ast::Expr::Kind::Integer: {
    auto *i = llvm::cast<IntegerExpr>(e);
    if (i->overflow || i->value > 2147483647ull)
      return makeCall("json", {makeString(llvm::utostr(i->value), r)}, r);
    return IRExpr::makeInteger(static_cast<int64_t>(i->value), r);
  }
  case ast::Expr::Kind::Boolean:
    return makeCall(llvm::cast<BooleanExpr>(e)->value ? "true" : "false", {},
                    r);
  case ast::Expr::Kind::Null:
    return makeCall("null", {}, r);
  case ast::Expr::Kind::Object:
    return convertObject(llvm::cast<ObjectExpr>(e));
  case ast::Expr::Kind::Array:
    return convertArray(llvm::cast<ArrayExpr>(e));
  case ast::Expr::Kind::For:
  case ast::Expr::Kind::If:
    semanticError(r, "a for-expression is only allowed as the value of a "
                     "variable, an output, a property or a resource");
    return makeCall("null", {}, r);
  case ast::Expr::Kind::Ternary: {
    auto *t = llvm::cast<TernaryExpr>(e);
    return makeCall(
        "if",
        {convert(t->condition), convert(t->whenTrue), convert(t->whenFalse)},
        r);
  }
  case ast::Expr::Kind::Binary:
    return convertBinary(llvm::cast<BinaryExpr>(e));
  case ast::Expr::Kind::Unary: {
    auto *u = llvm::cast<UnaryExpr>(e);
    if (u->op == UnaryOp::Minus) {
      if (auto *i = llvm::dyn_cast<IntegerExpr>(u->operand)) {
        if (i->overflow || i->value > 2147483648ull)
          return makeCall("json", {makeString("-" + llvm::utostr(i->value), r)},
                          r);
        return IRExpr::makeInteger(-static_cast<int64_t>(i->value), r);
      }
      return makeCall("sub", {IRExpr::makeInteger(0, r), convert(u->operand)},
                      r);
    }
    return makeCall("not", {convert(u->operand)}, r);
  }
  case ast::Expr::Kind::Call:
    return convertCall(llvm::cast<CallExpr>(e));
  case ast::Expr::Kind::Property:
    return convertProperty(llvm::cast<PropertyExpr>(e));
  case ast::Expr::Kind::Index:
    return convertIndex(llvm::cast<IndexExpr>(e));
  case ast::Expr::Kind::ResourceAccess: {
    if (ResourceSym *res = resourceOf(e, nullptr))
      return resourceReference(*res, nullptr, /*full=*/true, r);
    semanticError(r, "'::' must name a nested resource");
    return makeCall("null", {}, r);
  }
  case ast::Expr::Kind::NonNull:
    return convert(llvm::cast<NonNullExpr>(e)->base);
  case ast::Expr::Kind::Name:
    return convertName(llvm::cast<NameExpr>(e));
  case ast::Expr::Kind::Paren:
    return convert(llvm::cast<ParenExpr>(e)->inner);
  case ast::Expr::Kind::Lambda:
    return convertLambda(llvm::cast<LambdaExpr>(e));
  }
  llvm_unreachable("unknown expression kind");
}

ExprPtr Lowerer::convertString(const StringExpr *s) {
  if (s->isLiteral())
    return makeString(s->literal(), s->range);
  std::vector<ExprPtr> args;
  args.push_back(makeString(buildFormatString(s->segments), s->range));
  for (const ast::Expr *h : s->holes)
    args.push_back(convert(h));
  return makeCall("format", std::move(args), s->range);
}

/// The key of an object property as an ARM expression.
static bool keyIsLiteral(const ObjectItem &item) {
  return item.key && item.key->isLiteral();
}

ExprPtr Lowerer::convertObject(const ObjectExpr *o) {
  std::vector<ExprPtr> chunks, current;
  bool spread = false;
  auto flush = [&] {
    if (current.empty())
      return;
    chunks.push_back(makeCall("createObject", std::move(current), o->range));
    current.clear();
  };
  for (const ObjectItem &item : o->items) {
    if (item.kind == ObjectItem::Kind::Spread) {
      flush();
      chunks.push_back(convert(item.value));
      spread = true;
      continue;
    }
    if (item.kind != ObjectItem::Kind::Property)
      continue;
    current.push_back(keyIsLiteral(item)
                          ? makeString(item.key->literal(), item.key->range)
                          : convert(item.key));
    current.push_back(convert(item.value));
  }
  flush();
  if (chunks.empty())
    return makeCall("createObject", {}, o->range);
  if (chunks.size() == 1 && !spread)
    return chunks.front();
  return makeCall("shallowMerge",
                  {makeCall("createArray", std::move(chunks), o->range)},
                  o->range);
}

ExprPtr Lowerer::convertArray(const ArrayExpr *a) {
  std::vector<ExprPtr> chunks, current;
  bool spread = false;
  auto flush = [&] {
    if (current.empty())
      return;
    chunks.push_back(makeCall("createArray", std::move(current), a->range));
    current.clear();
  };
  for (const ArrayItem &item : a->items) {
    if (item.spread) {
      flush();
      chunks.push_back(convert(item.value));
      spread = true;
      continue;
    }
    current.push_back(convert(item.value));
  }
  flush();
  if (chunks.empty())
    return makeCall("createArray", {}, a->range);
  if (chunks.size() == 1 && !spread)
    return chunks.front();
  return makeCall("flatten",
                  {makeCall("createArray", std::move(chunks), a->range)},
                  a->range);
}

ExprPtr Lowerer::convertBinary(const BinaryExpr *b) {
  SourceRange r = b->range;
  ExprPtr lhs = convert(b->lhs);
  ExprPtr rhs = convert(b->rhs);
  auto call = [&](llvm::StringRef name) {
    return makeCall(name, {lhs, rhs}, r);
  };
  auto lower = [&](ExprPtr e) { return makeCall("toLower", {e}, r); };
  switch (b->op) {
  case BinaryOp::Or:
    return call("or");
  case BinaryOp::And:
    return call("and");
  case BinaryOp::Equals:
    return call("equals");
  case BinaryOp::NotEquals:
    return makeCall("not", {call("equals")}, r);
  case BinaryOp::EqualsInsensitive:
    return makeCall("equals", {lower(lhs), lower(rhs)}, r);
  case BinaryOp::NotEqualsInsensitive:
    return makeCall("not", {makeCall("equals", {lower(lhs), lower(rhs)}, r)},
                    r);
  case BinaryOp::Less:
    return call("less");
  case BinaryOp::LessOrEquals:
    return call("lessOrEquals");
  case BinaryOp::Greater:
    return call("greater");
  case BinaryOp::GreaterOrEquals:
    return call("greaterOrEquals");
  case BinaryOp::Add:
    return call("add");
  case BinaryOp::Subtract:
    return call("sub");
  case BinaryOp::Multiply:
    return call("mul");
  case BinaryOp::Divide:
    return call("div");
  case BinaryOp::Modulo:
    return call("mod");
  case BinaryOp::Coalesce:
    return call("coalesce");
  }
  llvm_unreachable("unknown binary operator");
}

ExprPtr Lowerer::convertLambda(const LambdaExpr *l) {
  std::vector<ExprPtr> args;
  size_t mark = locals.size();
  for (llvm::StringRef p : l->params) {
    args.push_back(makeString(p, l->range));
    locals.push_back({p, LocalSym::Kind::Lambda, nullptr});
  }
  args.push_back(convert(l->body));
  locals.resize(mark);
  return makeCall("lambda", std::move(args), l->range);
}

ExprPtr Lowerer::loopItem(const ForExpr *loop, SourceRange r) {
  ExprPtr index = loopIndex(loop, r);
  return appendAccess(convertIterable(loop), index, r);
}

ExprPtr Lowerer::convertIterable(const ForExpr *loop) {
  // The iterable is read where the loop is declared: outside the loop's own
  // variables (`for x in x` is legal) and its replacement.
  auto it = replacements.find(loop);
  ExprPtr saved;
  if (it != replacements.end()) {
    saved = it->second;
    replacements.erase(it);
  }
  std::vector<LocalSym> hidden;
  for (size_t i = 0; i != locals.size(); ++i)
    if (locals[i].loop == loop) {
      hidden.assign(locals.begin() + i, locals.end());
      locals.resize(i);
      break;
    }
  ExprPtr iterable = convert(loop->iterable);
  locals.insert(locals.end(), hidden.begin(), hidden.end());
  if (saved)
    replacements[loop] = saved;
  return iterable;
}

ExprPtr Lowerer::loopIndex(const ForExpr *loop, SourceRange r) {
  auto it = replacements.find(loop);
  if (it != replacements.end())
    return it->second;
  auto name = copyNames.find(loop);
  if (name != copyNames.end() && name->second)
    return makeCall("copyIndex", {makeString(*name->second, r)}, r);
  return makeCall("copyIndex", {}, r);
}

ExprPtr Lowerer::withReplacement(const ForExpr *loop, const ast::Expr *index,
                                 const std::function<ExprPtr()> &body) {
  if (!loop)
    return body();
  // The moved syntax (a name, a condition) names the loop's variables
  // wherever it is converted.
  size_t mark = locals.size();
  auto restore = llvm::make_scope_exit([&] { locals.resize(mark); });
  auto pushLocals = [&] {
    locals.push_back({loop->itemName, LocalSym::Kind::Item, loop});
    if (!loop->indexName.empty())
      locals.push_back({loop->indexName, LocalSym::Kind::Index, loop});
  };
  if (!index) {
    pushLocals();
    return body();
  }
  return withReplacement(loop, convert(index), body);
}

ExprPtr Lowerer::withReplacement(const ForExpr *loop, ExprPtr replacement,
                                 const std::function<ExprPtr()> &body) {
  if (!loop)
    return body();
  size_t mark = locals.size();
  auto restore = llvm::make_scope_exit([&] { locals.resize(mark); });
  locals.push_back({loop->itemName, LocalSym::Kind::Item, loop});
  if (!loop->indexName.empty())
    locals.push_back({loop->indexName, LocalSym::Kind::Index, loop});
  if (!replacement)
    return body();
  auto it = replacements.find(loop);
  ExprPtr saved = it != replacements.end() ? it->second : nullptr;
  replacements[loop] = replacement;
  ExprPtr result = body();
  if (saved)
    replacements[loop] = saved;
  else
    replacements.erase(loop);
  return result;
}

ExprPtr Lowerer::convertName(const NameExpr *n) {
  SourceRange r = n->range;
  Resolved sym = resolve(n->name);
  switch (sym.kind) {
  case SymbolKind::Local:
    switch (sym.local->kind) {
    case LocalSym::Kind::Item:
      return loopItem(sym.local->loop, r);
    case LocalSym::Kind::Index:
      return loopIndex(sym.local->loop, r);
    case LocalSym::Kind::Lambda:
      return makeCall("lambdaVariables", {makeString(n->name, r)}, r);
    case LocalSym::Kind::FuncParam:
      return makeCall("parameters", {makeString(n->name, r)}, r);
    }
    break;
  case SymbolKind::Param:
    if (paramsMode) {
      // A .bicepparam file refers to its own assignments by value.
      if (!sym.param->decl->defaultValue || !expanding.insert(n->name).second) {
        semanticError(r, "the value of parameter '" + n->name.str() +
                             "' depends on itself");
        return makeCall("null", {}, r);
      }
      ExprPtr value = convert(sym.param->decl->defaultValue);
      expanding.erase(n->name);
      return value;
    }
    if (sym.param->isResource) {
      ExprPtr ref = makeCall("parameters", {makeString(n->name, r)}, r);
      return makeCall(
          "reference",
          {ref, makeString(sym.param->apiVersion, r), makeString("full", r)},
          r);
    }
    return makeCall("parameters", {makeString(n->name, r)}, r);
  case SymbolKind::Var:
    if (paramsMode || shouldInline(*sym.var)) {
      if (!expanding.insert(n->name).second) {
        semanticError(r, "the value of variable '" + n->name.str() +
                             "' depends on itself");
        return makeCall("null", {}, r);
      }
      auto erase = llvm::make_scope_exit([&] { expanding.erase(n->name); });
      std::vector<LocalSym> savedLocals;
      std::vector<ResourceSym *> savedScopes;
      std::swap(savedLocals, locals);
      std::swap(savedScopes, resourceScopes);
      ExprPtr value = convert(sym.var->decl->value);
      std::swap(savedLocals, locals);
      std::swap(savedScopes, resourceScopes);
      return value;
    }
    return makeCall("variables", {makeString(n->name, r)}, r);
  case SymbolKind::Resource:
    return resourceReference(*sym.resource, nullptr, /*full=*/true, r);
  case SymbolKind::Module:
    return moduleReference(*sym.module, nullptr, r);
  case SymbolKind::Import:
    if (sym.import->exports && !sym.import->exports->available)
      ++unavailableImports;
    return makeCall("variables", {makeString(sym.import->armName, r)}, r);
  case SymbolKind::Wildcard:
  case SymbolKind::Namespace:
  case SymbolKind::Function:
    semanticError(r, "'" + n->name.str() + "' is not a value");
    return makeCall("null", {}, r);
  case SymbolKind::None:
    break;
  }
  semanticError(r, "unknown symbol '" + n->name.str() + "'");
  return makeCall("null", {}, r);
}

/// True if the syntax \p base is an access expression, seen through `!` and
/// any() (ExpressionBuilder.IsAccessExpressionSyntax).
bool Lowerer::isChained(const ast::Expr *base) const {
  while (base) {
    if (llvm::isa<PropertyExpr, IndexExpr>(base))
      return true;
    if (auto *n = llvm::dyn_cast<NonNullExpr>(base)) {
      base = n->base;
      continue;
    }
    if (auto *c = llvm::dyn_cast<CallExpr>(base);
        c && c->name == "any" && c->args.size() == 1 &&
        (!c->base || llvm::isa<NameExpr>(c->base))) {
      base = c->args[0];
      continue;
    }
    return false;
  }
  return false;
}

ExprPtr Lowerer::convertAccess(const ast::Expr *baseAst, ExprPtr accessor,
                               const ast::Expr *source, bool safe,
                               bool fromEnd) {
  SourceRange r = source->range;
  ExprPtr base = convert(baseAst);
  if (safe)
    return makeCall(fromEnd ? "tryIndexFromEnd" : "tryGet", {base, accessor},
                    r);
  if (isChained(baseAst) &&
      (base->isCallTo("tryGet") || base->isCallTo("tryIndexFromEnd"))) {
    std::vector<ExprPtr> args = base->args();
    if (fromEnd)
      args.push_back(
          makeCall("createObject",
                   {makeString("value", r), accessor, makeString("fromEnd", r),
                    makeCall("true", {}, r)},
                   r));
    else
      args.push_back(accessor);
    return makeCall(base->text(), std::move(args), r);
  }
  if (fromEnd)
    return makeCall("indexFromEnd", {base, accessor}, r);
  return appendAccess(base, accessor, r);
}

ExprPtr Lowerer::convertIndex(const IndexExpr *i) {
  SourceRange r = i->range;
  const ast::Expr *index = nullptr;
  if (ResourceSym *res = resourceOf(i, &index))
    return resourceReference(*res, index, /*full=*/true, r);
  if (ModuleSym *mod = moduleOf(i, &index))
    return moduleReference(*mod, index, r);
  // A literal string index is a property access.
  if (auto *s = llvm::dyn_cast_or_null<StringExpr>(skipParens(i->index));
      s && s->isLiteral() && !i->fromEnd) {
    auto *prop =
        scratch.make<PropertyExpr>(r, i->base, s->literal(), s->range, i->safe);
    return convertProperty(prop);
  }
  return convertAccess(i->base, convert(i->index), i, i->safe, i->fromEnd);
}

ExprPtr Lowerer::convertProperty(const PropertyExpr *p) {
  SourceRange r = p->range;
  llvm::StringRef name = p->name;
  const ast::Expr *index = nullptr;

  if (ResourceSym *res = resourceOf(p->base, &index))
    return resourceProperty(*res, index, name, p->safe, r);

  const ast::Expr *base = skipParens(p->base);
  if (auto *n = llvm::dyn_cast_or_null<NameExpr>(base)) {
    Resolved sym = resolve(n->name);
    if (sym.kind == SymbolKind::Param && sym.param->isResource) {
      ExprPtr id = makeCall("parameters", {makeString(n->name, r)}, r);
      const std::string &api = sym.param->apiVersion;
      if (name == "id")
        return id;
      if (name == "type")
        return makeString(sym.param->resourceType, r);
      if (name == "apiVersion")
        return makeString(api, r);
      if (name == "name")
        return makeCall("last",
                        {makeCall("split", {id, makeString("/", r)}, r)}, r);
      if (p->safe)
        return makeCall(
            "tryGet",
            {makeCall("reference",
                      {id, makeString(api, r), makeString("full", r)}, r),
             makeString(name, r)},
            r);
      if (name == "properties")
        return symbolicNames
                   ? makeCall("reference", {id}, r)
                   : makeCall("reference", {id, makeString(api, r)}, r);
      return appendProperty(
          makeCall("reference", {id, makeString(api, r), makeString("full", r)},
                   r),
          name, r);
    }
    if (sym.kind == SymbolKind::Wildcard)
      return makeCall("variables",
                      {makeString(sym.wildcard->prefix + "." + name.str(), r)},
                      r);
  }

  if (ModuleSym *mod = moduleOf(p->base, &index)) {
    if (name == "name") {
      ExprPtr e = moduleName(*mod, index, r);
      if (p->safe && mod->condition)
        return makeCall(
            "if",
            {withReplacement(mod->loop, index,
                             [&] { return convert(mod->condition); }),
             e, makeCall("null", {}, r)},
            r);
      return e;
    }
    if (name == "outputs") {
      ExprPtr ref = moduleReference(*mod, index, r);
      if (p->safe) {
        if (mod->condition)
          ref = makeCall(
              "if",
              {withReplacement(mod->loop, index,
                               [&] { return convert(mod->condition); }),
               ref, makeCall("null", {}, r)},
              r);
        return makeCall("tryGet", {ref, makeString("outputs", r)}, r);
      }
      return appendProperty(ref, "outputs", r);
    }
    semanticError(p->nameRange, "a module has only 'name' and 'outputs'");
    return makeCall("null", {}, r);
  }

  // mod.outputs.name: the output's value.
  if (auto *outputs = llvm::dyn_cast_or_null<PropertyExpr>(base);
      outputs && outputs->name == "outputs") {
    const ast::Expr *modIndex = nullptr;
    if (ModuleSym *mod = moduleOf(outputs->base, &modIndex)) {
      auto it = mod->loaded.interface.outputs.find(name);
      bool secure =
          it != mod->loaded.interface.outputs.end() && it->second.secure;
      ExprPtr baseExpr;
      if (secure) {
        ExprPtr target = symbolicNames
                             ? symbolicReference(mod->decl->name, modIndex, r)
                             : moduleId(*mod, modIndex, r);
        baseExpr = makeCall(
            "listOutputsWithSecureValues",
            {target, makeString(release.nestedDeploymentApiVersion(), r)}, r);
        if (outputs->safe && mod->condition)
          baseExpr = makeCall(
              "if",
              {withReplacement(mod->loop, modIndex,
                               [&] { return convert(mod->condition); }),
               baseExpr, makeCall("null", {}, r)},
              r);
      } else {
        baseExpr = convertProperty(outputs);
      }
      std::vector<std::string> tail{name.str()};
      if (!secure)
        tail.push_back("value");
      if (p->safe) {
        for (const std::string &t : tail)
          baseExpr = makeCall("tryGet", {baseExpr, makeString(t, r)}, r);
        return baseExpr;
      }
      if ((baseExpr->isCallTo("tryGet") ||
           baseExpr->isCallTo("tryIndexFromEnd"))) {
        std::vector<ExprPtr> args = baseExpr->args();
        for (const std::string &t : tail)
          args.push_back(makeString(t, r));
        return makeCall(baseExpr->text(), std::move(args), r);
      }
      if (baseExpr->isCallTo("if") && !baseExpr->args().empty() &&
          baseExpr->args().back()->isCallTo("null")) {
        std::vector<ExprPtr> args{baseExpr};
        for (const std::string &t : tail)
          args.push_back(makeString(t, r));
        return makeCall("tryGet", std::move(args), r);
      }
      for (const std::string &t : tail)
        baseExpr = appendProperty(baseExpr, t, r);
      return baseExpr;
    }
  }

  return convertAccess(p->base, makeString(name, p->nameRange), p, p->safe,
                       false);
}

/// Reads a file for a load*() function; returns its text or nullopt.
/// The value of \p e if the compiler can fold it to a string: a literal, or
/// an interpolation of literals and variables holding one.
std::optional<std::string> Lowerer::constantString(const ast::Expr *e,
                                                   unsigned depth) {
  e = skipParens(const_cast<ast::Expr *>(e));
  if (!e || depth > 32)
    return std::nullopt;
  if (auto *s = llvm::dyn_cast<StringExpr>(e)) {
    std::string out;
    for (size_t i = 0; i != s->segments.size(); ++i) {
      out += s->segments[i];
      if (i < s->holes.size()) {
        std::optional<std::string> hole =
            constantString(s->holes[i], depth + 1);
        if (!hole)
          return std::nullopt;
        out += *hole;
      }
    }
    return out;
  }
  if (auto *n = llvm::dyn_cast<NameExpr>(e)) {
    Resolved sym = resolve(n->name);
    if (sym.kind == SymbolKind::Var && sym.var && sym.var->decl)
      return constantString(sym.var->decl->value, depth + 1);
  }
  // `names[0]` of an array variable.
  if (auto *i = llvm::dyn_cast<IndexExpr>(e)) {
    auto *index = llvm::dyn_cast_or_null<IntegerExpr>(skipParens(i->index));
    const ast::Expr *base = skipParens(i->base);
    if (auto *n = llvm::dyn_cast_or_null<NameExpr>(base)) {
      Resolved sym = resolve(n->name);
      if (sym.kind == SymbolKind::Var && sym.var && sym.var->decl)
        base = skipParens(sym.var->decl->value);
    }
    auto *array = llvm::dyn_cast_or_null<ArrayExpr>(base);
    if (index && array && !i->safe && !i->fromEnd &&
        index->value < array->items.size() &&
        llvm::none_of(array->items,
                      [](const ArrayItem &item) { return item.spread; }))
      return constantString(array->items[index->value].value, depth + 1);
  }
  return std::nullopt;
}

/// Collects in \p out the strings \p e folds to, as the compiler's string
/// literal types do: a constant string, `first()` or `last()` of an array of
/// them, or either arm of a ternary. False if any of them is not constant.
bool Lowerer::possibleStrings(const ast::Expr *e, std::vector<std::string> &out,
                              unsigned depth) {
  e = skipParens(const_cast<ast::Expr *>(e));
  if (!e || depth > 32)
    return false;
  if (auto *t = llvm::dyn_cast<TernaryExpr>(e))
    return possibleStrings(t->whenTrue, out, depth + 1) &&
           possibleStrings(t->whenFalse, out, depth + 1);
  if (auto *c = llvm::dyn_cast<CallExpr>(e);
      c && !c->base && c->args.size() == 1 &&
      (c->name == "first" || c->name == "last")) {
    const ast::Expr *base = skipParens(c->args[0]);
    if (auto *n = llvm::dyn_cast_or_null<NameExpr>(base)) {
      Resolved sym = resolve(n->name);
      if (sym.kind == SymbolKind::Var && sym.var && sym.var->decl)
        base = skipParens(sym.var->decl->value);
    }
    auto *array = llvm::dyn_cast_or_null<ArrayExpr>(base);
    if (!array || array->items.empty() ||
        llvm::any_of(array->items,
                     [](const ArrayItem &item) { return item.spread; }))
      return false;
    const ArrayItem &item =
        c->name == "first" ? array->items.front() : array->items.back();
    return possibleStrings(item.value, out, depth + 1);
  }
  std::optional<std::string> text = constantString(e, depth + 1);
  if (!text)
    return false;
  out.push_back(std::move(*text));
  return true;
}

std::optional<std::string> Lowerer::readLoadedFile(const CallExpr *c,
                                                   FileId *fileOut) {
  std::optional<std::string> path;
  if (!c->args.empty())
    path = constantString(c->args[0]);
  if (!path) {
    diags.semanticError(c->range,
                        "{0}() needs a file path known when the file is "
                        "compiled",
                        c->name);
    return std::nullopt;
  }
  FileId file =
      host.readFile(program.file, *path, skipParens(c->args[0])->range, diags);
  if (!file)
    return std::nullopt;
  if (fileOut)
    *fileOut = file;
  return host.getSources().getContents(file).str();
}

/// Follows a simple JSONPath (`$.a.b[0]['c']`) into \p v.
static const Value *followJsonPath(const Value &v, llvm::StringRef path) {
  const Value *cur = &v;
  path = path.trim();
  if (path.consume_front("$")) {
  }
  while (!path.empty() && cur) {
    if (path.consume_front(".")) {
      size_t end = path.find_first_of(".[");
      llvm::StringRef key = path.substr(0, end);
      path = path.substr(key.size());
      cur = cur->isObject() ? cur->get(key) : nullptr;
      continue;
    }
    if (path.consume_front("[")) {
      size_t close = path.find(']');
      if (close == llvm::StringRef::npos)
        return nullptr;
      llvm::StringRef inner = path.substr(0, close).trim();
      path = path.substr(close + 1);
      if (inner.consume_front("'") && inner.consume_back("'")) {
        cur = cur->isObject() ? cur->get(inner) : nullptr;
        continue;
      }
      unsigned idx = 0;
      if (inner.getAsInteger(10, idx) || !cur->isArray() ||
          idx >= cur->elements().size())
        return nullptr;
      cur = &cur->elements()[idx];
      continue;
    }
    return nullptr;
  }
  return cur;
}

/// Clears the ranges of a value read from another file: a finding must
/// point into the Bicep source, here at the load*() call.
static void setRanges(Value &v, SourceRange r) {
  v.setRange(r);
  for (Value &e : v.elements())
    setRanges(e, r);
  for (Member &m : v.members()) {
    m.keyRange = r;
    setRanges(m.value, r);
  }
}

/// load*() functions run at compile time: their results become values.
/// Returns null when \p c is not one of them.
ExprPtr Lowerer::convertLoad(const CallExpr *c, bool &handled) {
  handled = false;
  llvm::StringRef name = c->name;
  bool text = name == "loadTextContent", base64 = name == "loadFileAsBase64",
       json = name == "loadJsonContent", yaml = name == "loadYamlContent",
       directory = name == "loadDirectoryFileInfo";
  if (!text && !base64 && !json && !yaml && !directory)
    return nullptr;
  handled = true;
  SourceRange r = c->range;
  auto named = functionVariableNames.find(c);
  if (named != functionVariableNames.end())
    return makeCall("variables", {makeString(named->second, r)}, r);
  if (directory) {
    if (std::optional<Value> files = loadDirectory(c))
      return valueToExpr(*files, r);
    ++failedLoads;
    return makeCall(c->name, {}, r);
  }
  std::optional<std::string> contents = readLoadedFile(c);
  if (!contents) {
    ++failedLoads;
    return makeCall(c->name, {}, r);
  }
  llvm::StringRef data(*contents);
  if (base64)
    return makeString(llvm::encodeBase64(data), r);
  if (json || yaml) {
    // Not hoisted (an old release, or a function body): the value inline.
    if (std::optional<Value> value = loadJson(c))
      return valueToExpr(*value, r);
    ++failedLoads;
    return makeCall(c->name, {}, r);
  }
  if (data.starts_with("\xEF\xBB\xBF"))
    data = data.drop_front(3);
  return makeString(data, r);
}

/// A JSON value as the expression that builds it.
static ExprPtr valueToExpr(const Value &v, SourceRange r) {
  switch (v.getKind()) {
  case Value::Kind::String:
    return makeString(v.getString(), r);
  case Value::Kind::Integer:
    return IRExpr::makeInteger(v.getInteger(), r);
  case Value::Kind::Boolean:
    return makeCall(v.getBoolean() ? "true" : "false", {}, r);
  case Value::Kind::Array: {
    std::vector<ExprPtr> items;
    for (const Value &e : v.elements())
      items.push_back(valueToExpr(e, r));
    return makeCall("createArray", std::move(items), r);
  }
  case Value::Kind::Object: {
    std::vector<ExprPtr> items;
    for (const Member &m : v.members()) {
      items.push_back(makeString(m.key, r));
      items.push_back(valueToExpr(m.value, r));
    }
    return makeCall("createObject", std::move(items), r);
  }
  case Value::Kind::Float:
    return makeCall("json", {makeString(v.toJson(), r)}, r);
  default:
    return makeCall("null", {}, r);
  }
}

/// A YAML scalar as the compiler converts it: plain scalars that read as
/// integers, booleans or null are those; everything else is a string.
static Value yamlScalar(llvm::yaml::ScalarNode &node, SourceRange r) {
  llvm::SmallString<64> storage;
  llvm::StringRef text = node.getValue(storage);
  bool plain = !node.getRawValue().starts_with("'") &&
               !node.getRawValue().starts_with("\"");
  if (plain) {
    int64_t i = 0;
    if (!text.getAsInteger(10, i))
      return Value::integer(i, r);
    if (text == "true" || text == "True" || text == "TRUE")
      return Value::boolean(true, r);
    if (text == "false" || text == "False" || text == "FALSE")
      return Value::boolean(false, r);
    if (text.empty() || text == "~" || text == "null" || text == "Null" ||
        text == "NULL")
      return Value::null(r);
  }
  return Value::string(text.str(), r);
}

static std::optional<Value> yamlValue(llvm::yaml::Node *node, SourceRange r,
                                      unsigned depth) {
  if (!node || depth > 200)
    return std::nullopt;
  if (auto *scalar = llvm::dyn_cast<llvm::yaml::ScalarNode>(node))
    return yamlScalar(*scalar, r);
  if (auto *block = llvm::dyn_cast<llvm::yaml::BlockScalarNode>(node))
    return Value::string(block->getValue().str(), r);
  if (llvm::isa<llvm::yaml::NullNode>(node))
    return Value::null(r);
  if (auto *seq = llvm::dyn_cast<llvm::yaml::SequenceNode>(node)) {
    std::vector<Value> items;
    for (llvm::yaml::Node &item : *seq) {
      std::optional<Value> v = yamlValue(&item, r, depth + 1);
      if (!v)
        return std::nullopt;
      items.push_back(std::move(*v));
    }
    return Value::array(std::move(items), r);
  }
  if (auto *map = llvm::dyn_cast<llvm::yaml::MappingNode>(node)) {
    std::vector<Member> members;
    for (llvm::yaml::KeyValueNode &kv : *map) {
      auto *key = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(kv.getKey());
      if (!key)
        return std::nullopt;
      llvm::SmallString<64> storage;
      std::string name = key->getValue(storage).str();
      std::optional<Value> v = yamlValue(kv.getValue(), r, depth + 1);
      if (!v)
        return std::nullopt;
      members.push_back({std::move(name), r, std::move(*v)});
    }
    return makeObject(std::move(members), r);
  }
  return std::nullopt; // aliases and the like
}

/// Reads the first document of a YAML file, or nullopt if it is not valid.
static std::optional<Value> readYaml(llvm::StringRef text, SourceRange r) {
  llvm::SourceMgr sm;
  sm.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream stream(text, sm, /*ShowColors=*/false);
  llvm::yaml::document_iterator doc = stream.begin();
  if (doc == stream.end())
    return std::nullopt;
  std::optional<Value> v = yamlValue(doc->getRoot(), r, 0);
  if (stream.failed())
    return std::nullopt;
  return v;
}

std::optional<Value> Lowerer::loadDirectory(const CallExpr *c) {
  SourceRange r = c->range;
  std::optional<std::string> dir;
  if (!c->args.empty())
    dir = constantString(c->args[0]);
  std::optional<std::string> pattern;
  if (c->args.size() > 1)
    pattern = constantString(c->args[1]);
  if (!dir || (c->args.size() > 1 && !pattern)) {
    diags.semanticError(r,
                        "{0}() needs arguments known when the file is "
                        "compiled",
                        c->name);
    return std::nullopt;
  }
  std::optional<llvm::GlobPattern> glob;
  if (pattern) {
    llvm::Expected<llvm::GlobPattern> g = llvm::GlobPattern::create(*pattern);
    if (!g) {
      llvm::consumeError(g.takeError());
      diags.semanticError(r, "'{0}' is not a valid file pattern", *pattern);
      return std::nullopt;
    }
    glob = std::move(*g);
  }
  llvm::SmallString<256> full(host.getSources().getPath(program.file));
  llvm::sys::path::remove_filename(full);
  llvm::sys::path::append(full, *dir);
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(full, ec), end; !ec && it != end;
       it.increment(ec)) {
    llvm::ErrorOr<llvm::sys::fs::basic_file_status> status = it->status();
    if (!status || status->type() != llvm::sys::fs::file_type::regular_file)
      continue;
    std::string name = llvm::sys::path::filename(it->path()).str();
    if (!glob || glob->match(name))
      names.push_back(std::move(name));
  }
  if (ec) {
    diags.report("unresolved-reference", Level::Note, r,
                 "cannot read the directory '{0}': {1}; its files are unknown",
                 *dir, ec.message());
    return std::nullopt;
  }
  llvm::sort(names, [](const std::string &a, const std::string &b) {
    return llvm::StringRef(a).compare_insensitive(b) < 0;
  });
  llvm::StringRef trimmed = llvm::StringRef(*dir).rtrim("/\\");
  trimmed.consume_front("./");
  std::string prefix = trimmed.str();
  std::vector<Value> files;
  for (const std::string &name : names) {
    std::string relative = prefix.empty() ? name : prefix + "/" + name;
    files.push_back(
        makeObject({{"relativePath", r, Value::string(relative, r)},
                    {"baseName", r, Value::string(name, r)},
                    {"extension", r,
                     Value::string(llvm::sys::path::extension(name).str(), r)}},
                   r));
  }
  return Value::array(std::move(files), r);
}

std::optional<Value> Lowerer::loadJson(const CallExpr *c) {
  FileId loaded = 0;
  if (!readLoadedFile(c, &loaded))
    return std::nullopt;
  std::optional<Value> json;
  if (c->name == "loadYamlContent") {
    json = readYaml(host.getSources().getContents(loaded), c->range);
    if (!json)
      diags.report("unresolved-reference", Level::Note, c->range,
                   "the YAML file could not be read; its value is unknown");
  } else {
    json = arm::readJson(host.getSources(), loaded, diags);
  }
  if (!json)
    return std::nullopt;
  Value value = *json;
  if (c->args.size() > 1)
    if (auto *path = llvm::dyn_cast<StringExpr>(skipParens(c->args[1]));
        path && path->isLiteral()) {
      const Value *selected = followJsonPath(*json, path->literal());
      if (!selected)
        return std::nullopt;
      value = *selected;
    }
  setRanges(value, c->range);
  return value;
}

ExprPtr Lowerer::convertCall(const CallExpr *c) {
  SourceRange r = c->range;
  auto args = [&] {
    std::vector<ExprPtr> out;
    for (const ast::Expr *a : c->args)
      out.push_back(convert(a));
    return out;
  };

  if (c->base) {
    const ast::Expr *base = skipParens(c->base);
    if (auto *n = llvm::dyn_cast_or_null<NameExpr>(base)) {
      Resolved sym = resolve(n->name);
      if (sym.kind == SymbolKind::Namespace || sym.kind == SymbolKind::None) {
        if (sym.kind == SymbolKind::None)
          semanticError(n->range, "unknown namespace '" + n->name.str() + "'");
        if (c->name == "any" && c->args.size() == 1)
          return convert(c->args[0]);
        bool handled = false;
        if (ExprPtr e = convertLoad(c, handled); handled)
          return e;
        return makeCall(c->name, args(), r);
      }
      if (sym.kind == SymbolKind::Wildcard)
        return makeCall(sym.wildcard->prefix + "." + c->name.str(), args(), r);
    }
    const ast::Expr *index = nullptr;
    if (ResourceSym *res = resourceOf(c->base, &index)) {
      if (!res->isAz) {
        ExprPtr target = index ? makeCall("format",
                                          {makeString(res->symbol + "[{0}]", r),
                                           convert(index)},
                                          r)
                               : makeString(res->symbol, r);
        std::vector<ExprPtr> a = args();
        return makeCall("invokeResourceMethod",
                        {target, makeString(c->name, c->nameRange),
                         makeCall("createArray", std::move(a), r)},
                        r);
      }
      if (c->name.starts_with("list")) {
        ExprPtr target = symbolicNames
                             ? symbolicReference(res->symbol, index, r)
                             : resourceId(*res, index, r);
        std::vector<ExprPtr> a{target};
        if (c->args.empty())
          a.push_back(makeString(res->apiVersion, r));
        for (ExprPtr &x : args())
          a.push_back(std::move(x));
        return makeCall(c->name, std::move(a), r);
      }
      semanticError(r, "'" + c->name.str() +
                           "' can only be used in a module parameter");
      return makeCall("null", {}, r);
    }
    semanticError(c->nameRange, "'" + c->name.str() +
                                    "' is not a function of "
                                    "this value");
    return makeCall("null", {}, r);
  }

  if (funcs.count(c->name) && !resolve(c->name).local)
    return makeCall("__bicep." + c->name.str(), args(), r);
  if (auto it = imports.find(c->name); it != imports.end())
    return makeCall("__bicep." + it->second.armName, args(), r);
  if (c->name == "any" && c->args.size() == 1)
    return convert(c->args[0]);
  if (c->name == "readEnvironmentVariable" && paramsMode && !c->args.empty() &&
      c->args.size() <= 2) {
    // Compiled into the parameters file: the environment of the compiler,
    // here armor's.
    std::optional<std::string> name = constantString(c->args[0]);
    if (name) {
      if (const char *value = std::getenv(name->c_str()))
        return makeString(value, r);
      if (c->args.size() == 2)
        return convert(c->args[1]);
      semanticError(r, "the environment variable '" + *name +
                           "' is not set and has no default value");
      return makeCall("null", {}, r);
    }
  }
  if (c->name == "nameof" && c->args.size() == 1) {
    const ast::Expr *a = skipParens(c->args[0]);
    if (auto *p = llvm::dyn_cast<PropertyExpr>(a))
      return makeString(p->name, r);
    if (auto *n = llvm::dyn_cast<NameExpr>(a))
      return makeString(n->name, r);
    if (auto *ra = llvm::dyn_cast<ResourceAccessExpr>(a))
      return makeString(ra->name, r);
    if (auto *i = llvm::dyn_cast<IndexExpr>(a))
      if (auto *s = llvm::dyn_cast<StringExpr>(skipParens(i->index));
          s && s->isLiteral())
        return makeString(s->literal(), r);
  }
  bool handled = false;
  if (ExprPtr e = convertLoad(c, handled); handled)
    return e;
  return makeCall(c->name, args(), r);
}

//===----------------------------------------------------------------------===//
// Resource and module references
//===----------------------------------------------------------------------===//

/// The ancestors of \p r, oldest first.
static std::vector<ResourceSym *> ancestorsOf(ResourceSym &r) {
  std::vector<ResourceSym *> chain;
  for (ResourceSym *p = r.parent; p && chain.size() < 64; p = p->parent)
    chain.push_back(p);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

ExprPtr Lowerer::symbolicReference(llvm::StringRef symbol,
                                   const ast::Expr *index, SourceRange at) {
  if (!index)
    return makeString(symbol, at);
  return makeCall("format",
                  {makeString(symbol.str() + "[{0}]", at), convert(index)}, at);
}

std::vector<ExprPtr>
Lowerer::nameSegments(ResourceSym &r, const ast::Expr *index, SourceRange at) {
  std::vector<ExprPtr> segments;
  llvm::SmallVector<llvm::StringRef, 4> typeSegments;
  llvm::StringRef(r.type).split(typeSegments, '/');
  size_t afterProvider = typeSegments.empty() ? 0 : typeSegments.size() - 1;

  std::vector<ResourceSym *> ancestors = ancestorsOf(r);
  auto convertName = [&](ResourceSym &res, const ast::Expr *idx) {
    return withReplacement(res.loop, idx, [&] {
      return res.name ? convert(res.name) : makeString("", at);
    });
  };
  auto splitSegments = [&](ExprPtr name, size_t count) {
    for (size_t i = 0; i != count; ++i)
      segments.push_back(IRExpr::makeIndex(
          makeCall("split", {name, makeString("/", at)}, at),
          IRExpr::makeInteger(static_cast<int64_t>(i), at), at));
  };

  if (!ancestors.empty()) {
    // The index of each ancestor: `parent: p[i]` gives one.
    std::vector<const ast::Expr *> indices(ancestors.size(), nullptr);
    ResourceSym *child = &r;
    for (size_t i = ancestors.size(); i-- > 0;) {
      indices[i] = child->nested ? nullptr : child->parentIndex;
      child = ancestors[i];
    }
    size_t firstLength =
        afterProvider > ancestors.size() ? afterProvider - ancestors.size() : 1;
    withReplacement(r.loop, index, [&] {
      for (size_t i = 0; i != ancestors.size(); ++i) {
        ExprPtr name = convertName(*ancestors[i], indices[i]);
        if (i == 0 && firstLength > 1)
          splitSegments(name, firstLength);
        else
          segments.push_back(name);
      }
      segments.push_back(r.name ? convert(r.name) : makeString("", at));
      return nullptr;
    });
    return segments;
  }
  ExprPtr name = convertName(r, index);
  if (afterProvider <= 1) {
    segments.push_back(name);
    return segments;
  }
  splitSegments(name, afterProvider);
  return segments;
}

ExprPtr Lowerer::convertScopePart(const ScopeData &scope,
                                  const ast::Expr *part) {
  return withReplacement(scope.loop, scope.index,
                         [&] { return convert(part); });
}

ExprPtr Lowerer::fullyQualifiedId(const ScopeData &scope, llvm::StringRef type,
                                  std::vector<ExprPtr> segments,
                                  SourceRange at) {
  auto withType = [&](std::vector<ExprPtr> prefix) {
    prefix.push_back(makeString(type, at));
    for (ExprPtr &s : segments)
      prefix.push_back(std::move(s));
    return prefix;
  };
  switch (scope.kind) {
  case ScopeKind::Tenant:
    return makeCall("tenantResourceId", withType({}), at);
  case ScopeKind::Subscription: {
    std::vector<ExprPtr> prefix;
    if (scope.subscriptionId)
      prefix.push_back(convertScopePart(scope, scope.subscriptionId));
    return makeCall("subscriptionResourceId", withType(std::move(prefix)), at);
  }
  case ScopeKind::ResourceGroup: {
    if (!scope.subscriptionId && !scope.resourceGroupName)
      return makeCall("resourceId", withType({}), at);
    ExprPtr subscription =
        scope.subscriptionId ? convertScopePart(scope, scope.subscriptionId)
                             : appendProperty(makeCall("subscription", {}, at),
                                              "subscriptionId", at);
    ExprPtr group = scope.resourceGroupName
                        ? convertScopePart(scope, scope.resourceGroupName)
                        : makeString("", at);
    ExprPtr prefix =
        makeCall("format",
                 {makeString("/subscriptions/{0}/resourceGroups/{1}", at),
                  subscription, group},
                 at);
    return makeCall("extensionResourceId", withType({prefix}), at);
  }
  case ScopeKind::ManagementGroup: {
    ExprPtr prefix =
        scope.managementGroupName
            ? makeCall("tenantResourceId",
                       {makeString("Microsoft.Management/managementGroups", at),
                        convertScopePart(scope, scope.managementGroupName)},
                       at)
            : appendProperty(makeCall("managementGroup", {}, at), "id", at);
    return makeCall("extensionResourceId", withType({prefix}), at);
  }
  case ScopeKind::Resource: {
    ResourceSym &parent = *scope.resource;
    ExprPtr parentId = fullyQualifiedId(
        parent.scope, parent.type, nameSegments(parent, scope.index, at), at);
    return makeCall("extensionResourceId", withType({parentId}), at);
  }
  }
  llvm_unreachable("unknown scope kind");
}

/// FormatUnqualifiedResourceId: `format('Prov/type/{0}/child/{1}', ...)`,
/// or an extensionResourceId() for an extension of another resource.
ExprPtr Lowerer::unqualifiedId(ResourceSym &r, const ast::Expr *index,
                               SourceRange at) {
  std::vector<ExprPtr> segments = nameSegments(r, index, at);
  auto format = [&](llvm::StringRef type, std::vector<ExprPtr> segs) {
    llvm::SmallVector<llvm::StringRef, 4> parts;
    type.split(parts, '/');
    std::string fmt = parts.empty() ? std::string() : parts[0].str() + "/";
    for (size_t i = 1; i < parts.size(); ++i)
      fmt += (llvm::Twine(i > 1 ? "/" : "") + parts[i] + "/{" +
              llvm::Twine(i - 1) + "}")
                 .str();
    segs.insert(segs.begin(), makeString(fmt, at));
    return makeCall("format", std::move(segs), at);
  };
  if (r.scope.kind != ScopeKind::Resource)
    return format(r.type, std::move(segments));
  ExprPtr parent = unqualifiedId(*r.scope.resource, r.scope.index, at);
  std::vector<ExprPtr> args{parent, makeString(r.type, at)};
  for (ExprPtr &s : segments)
    args.push_back(std::move(s));
  return makeCall("extensionResourceId", std::move(args), at);
}

ExprPtr Lowerer::resourceId(ResourceSym &r, const ast::Expr *index,
                            SourceRange at) {
  std::vector<ExprPtr> segments = nameSegments(r, index, at);
  // The scope of a resource in a loop may name the loop's variables.
  if (!r.loop)
    return fullyQualifiedId(r.scope, r.type, std::move(segments), at);
  return withReplacement(r.loop, index ? convert(index) : nullptr, [&] {
    return fullyQualifiedId(r.scope, r.type, std::move(segments), at);
  });
}

ExprPtr Lowerer::fullName(ResourceSym &r, SourceRange at) {
  if (!r.parent)
    return r.name ? convert(r.name) : makeString("", at);
  std::vector<ExprPtr> segments = nameSegments(r, nullptr, at);
  std::string format;
  for (size_t i = 0; i != segments.size(); ++i)
    format += (i ? "/{" : "{") + std::to_string(i) + "}";
  segments.insert(segments.begin(), makeString(format, at));
  return makeCall("format", std::move(segments), at);
}

ExprPtr Lowerer::resourceReference(ResourceSym &r, const ast::Expr *index,
                                   bool full, SourceRange at) {
  bool collection = r.loop && !index;
  ExprPtr ref;
  if (symbolicNames)
    ref = symbolicReference(r.symbol, index, at);
  else if (collection)
    ref = makeString(r.symbol, at);
  else
    ref = resourceId(r, index, at);
  if (!r.isAz)
    return makeCall(collection ? "references" : "reference", {ref}, at);
  if (collection)
    return full ? makeCall("references", {ref, makeString("full", at)}, at)
                : makeCall("references", {ref}, at);
  if (full)
    return makeCall("reference",
                    {ref, makeString(r.apiVersion, at), makeString("full", at)},
                    at);
  if (!symbolicNames) {
    if (release.minimalReferenceApiVersions() && !r.existing && !r.condition)
      return makeCall("reference", {ref}, at);
    return makeCall("reference", {ref, makeString(r.apiVersion, at)}, at);
  }
  return makeCall("reference", {ref}, at);
}

ExprPtr Lowerer::guardCondition(ResourceSym &r, ExprPtr e, bool safe,
                                SourceRange at) {
  if (!safe)
    return e;
  ExprPtr condition;
  std::vector<ResourceSym *> ancestors = ancestorsOf(r);
  for (size_t i = 0; i != ancestors.size(); ++i) {
    ResourceSym *a = ancestors[i];
    ResourceSym *child = i + 1 < ancestors.size() ? ancestors[i + 1] : &r;
    if (!child->nested || !a->condition)
      continue;
    ExprPtr c = convert(a->condition);
    condition = condition ? makeCall("and", {condition, c}, at) : c;
  }
  if (r.condition) {
    ExprPtr c = convert(r.condition);
    condition = condition ? makeCall("and", {condition, c}, at) : c;
  }
  if (!condition)
    return e;
  return makeCall("if", {condition, e, makeCall("null", {}, at)}, at);
}

ExprPtr Lowerer::resourceProperty(ResourceSym &r, const ast::Expr *index,
                                  llvm::StringRef property, bool safe,
                                  SourceRange at) {
  if (!r.isAz) {
    ExprPtr ref = resourceReference(r, index, false, at);
    return safe ? makeCall("tryGet", {ref, makeString(property, at)}, at)
                : appendProperty(ref, property, at);
  }
  auto guarded = [&](ExprPtr e) {
    return withReplacement(r.loop, index,
                           [&] { return guardCondition(r, e, safe, at); });
  };
  auto guardedAccess = [&](ExprPtr base) {
    ExprPtr g = guarded(base);
    bool wrapped = g.get() != base.get();
    if (safe || wrapped)
      return makeCall("tryGet", {g, makeString(property, at)}, at);
    return appendProperty(g, property, at);
  };
  if (property == "id")
    return guarded(resourceId(r, index, at));
  if (property == "name")
    return guarded(withReplacement(r.loop, index, [&] {
      return r.name ? convert(r.name) : makeString("", at);
    }));
  if (property == "type")
    return makeString(r.type, at);
  if (property == "apiVersion")
    return makeString(r.apiVersion, at);
  if (property == "properties" && !safe)
    return resourceReference(r, index, /*full=*/false, at);
  return guardedAccess(resourceReference(r, index, /*full=*/true, at));
}

ExprPtr Lowerer::moduleName(ModuleSym &m, const ast::Expr *index,
                            SourceRange at) {
  if (m.nameExpr)
    return withReplacement(m.loop, index, [&] { return convert(m.nameExpr); });
  // The name the compiler generates for a module without one.
  llvm::StringRef symbol = m.decl->name;
  std::vector<ExprPtr> args;
  unsigned length = 13; // uniqueString()
  if (m.loop) {
    args.push_back(index ? convert(index) : makeCall("copyIndex", {}, at));
    length += 3; // "800"
  }
  args.push_back(
      makeCall("uniqueString",
               {makeString(symbol, at),
                appendProperty(makeCall("deployment", {}, at), "name", at)},
               at));
  length += args.size();
  std::string prefix = symbol.take_front(64 - length).str();
  args.insert(args.begin(),
              makeString(m.loop ? prefix + "-{0}-{1}" : prefix + "-{0}", at));
  return makeCall("format", std::move(args), at);
}

ExprPtr Lowerer::moduleId(ModuleSym &m, const ast::Expr *index,
                          SourceRange at) {
  return fullyQualifiedId(m.scope, DeploymentsType, {moduleName(m, index, at)},
                          at);
}

ExprPtr Lowerer::moduleReference(ModuleSym &m, const ast::Expr *index,
                                 SourceRange at) {
  bool collection = m.loop && !index;
  const char *function = collection ? "references" : "reference";
  if (symbolicNames)
    return makeCall(function, {symbolicReference(m.decl->name, index, at)}, at);
  if (collection)
    return makeCall(function, {makeString(m.decl->name, at)}, at);
  if (release.minimalReferenceApiVersions() && !m.condition)
    return makeCall(function, {moduleId(m, index, at)}, at);
  return makeCall(function,
                  {moduleId(m, index, at),
                   makeString(release.nestedDeploymentApiVersion(), at)},
                  at);
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

static bool hasSpread(const ObjectExpr *o) {
  return llvm::any_of(o->items, [](const ObjectItem &i) {
    return i.kind == ObjectItem::Kind::Spread;
  });
}

static bool hasSpread(const ArrayExpr *a) {
  return llvm::any_of(a->items, [](const ArrayItem &i) { return i.spread; });
}

/// True if \p e holds text that did not parse.
static bool containsError(const ast::Expr *e) {
  if (!e)
    return false;
  if (llvm::isa<ErrorExpr>(e))
    return true;
  bool found = false;
  forEachChild(e, [&](const ast::Expr *child) {
    found = found || containsError(child);
  });
  return found;
}

Value Lowerer::emit(const ast::Expr *e) {
  if (!e)
    return Value::null();
  // Whatever did not parse is unknown, not a value the evaluator would
  // then reject a second time.
  if (file.errorCount && containsError(e))
    return Value::unknown(makeCall("error", {}, e->range),
                          "the expression has a syntax error", e->range);
  // Parentheses, `!` and any() have no runtime meaning.
  for (;;) {
    if (auto *p = llvm::dyn_cast<ParenExpr>(e)) {
      e = p->inner;
      continue;
    }
    if (auto *n = llvm::dyn_cast<NonNullExpr>(e)) {
      e = n->base;
      continue;
    }
    if (auto *n = llvm::dyn_cast<NameExpr>(e); n && !paramsMode) {
      // An inlined variable is its syntax in place: an object or array
      // literal stays JSON structure, as the compiler emits it.
      Resolved sym = resolve(n->name);
      if (sym.kind == SymbolKind::Var && sym.var->decl &&
          sym.var->decl->value && !llvm::isa<ForExpr>(sym.var->decl->value) &&
          shouldInline(*sym.var) && expanding.insert(n->name).second) {
        auto erase = llvm::make_scope_exit([&] { expanding.erase(n->name); });
        std::vector<LocalSym> savedLocals;
        std::vector<ResourceSym *> savedScopes;
        std::swap(savedLocals, locals);
        std::swap(savedScopes, resourceScopes);
        Value v = emit(sym.var->decl->value);
        std::swap(savedLocals, locals);
        std::swap(savedScopes, resourceScopes);
        return v;
      }
    }
    if (auto *n = llvm::dyn_cast<NameExpr>(e); n && paramsMode) {
      // A .bicepparam value that names another assignment or variable
      // takes its value.
      Resolved sym = resolve(n->name);
      const ast::Expr *value = nullptr;
      if (sym.kind == SymbolKind::Param && sym.param->decl)
        value = sym.param->decl->defaultValue;
      else if (sym.kind == SymbolKind::Var && sym.var->decl)
        value = sym.var->decl->value;
      if (value && expanding.insert(n->name).second) {
        Value v = emit(value);
        expanding.erase(n->name);
        return v;
      }
    }
    if (auto *c = llvm::dyn_cast<CallExpr>(e);
        c && c->name == "any" && c->args.size() == 1 &&
        (!c->base || (llvm::isa<NameExpr>(c->base) &&
                      resolve(llvm::cast<NameExpr>(c->base)->name).kind ==
                          SymbolKind::Namespace))) {
      e = c->args[0];
      continue;
    }
    break;
  }
  SourceRange r = e->range;
  if (auto *c = llvm::dyn_cast<CallExpr>(e);
      c && (c->name == "loadJsonContent" || c->name == "loadYamlContent") &&
      !functionVariableNames.count(c)) {
    bool always = false;
    if (isLoadFunction(c, always)) {
      if (std::optional<Value> v = loadJson(c))
        return *v;
      return Value::unknown(makeCall(c->name, {}, r),
                            c->name.str() + "() could not be evaluated", r);
    }
  }
  switch (e->kind) {
  case ast::Expr::Kind::Boolean:
    return Value::boolean(llvm::cast<BooleanExpr>(e)->value, r);
  case ast::Expr::Kind::Integer: {
    auto *i = llvm::cast<IntegerExpr>(e);
    if (!i->overflow && i->value <= static_cast<uint64_t>(INT64_MAX))
      return Value::integer(static_cast<int64_t>(i->value), r);
    break;
  }
  case ast::Expr::Kind::Unary: {
    auto *u = llvm::cast<UnaryExpr>(e);
    if (auto *i = llvm::dyn_cast<IntegerExpr>(u->operand);
        i && u->op == UnaryOp::Minus && !i->overflow &&
        i->value <= static_cast<uint64_t>(INT64_MAX))
      return Value::integer(-static_cast<int64_t>(i->value), r);
    break;
  }
  case ast::Expr::Kind::Null:
    return Value::null(r);
  case ast::Expr::Kind::Object:
    if (!hasSpread(llvm::cast<ObjectExpr>(e)))
      return emitObject(llvm::cast<ObjectExpr>(e));
    break;
  case ast::Expr::Kind::Array: {
    auto *a = llvm::cast<ArrayExpr>(e);
    if (hasSpread(a))
      break;
    std::vector<Value> items;
    items.reserve(a->items.size());
    for (const ArrayItem &item : a->items)
      items.push_back(emit(item.value));
    return Value::array(std::move(items), r);
  }
  default:
    break;
  }
  unsigned failedBefore = failedLoads, importsBefore = unavailableImports;
  ExprPtr converted = convert(e);
  // A value that needs a file that is not there is unknown, not an
  // expression the evaluator would reject.
  if (failedLoads != failedBefore)
    return Value::unknown(std::move(converted),
                          "a file it reads with load*() is not available", r);
  if (unavailableImports != importsBefore)
    return Value::unknown(std::move(converted),
                          "it uses a symbol imported from a registry that is "
                          "not available locally",
                          r);
  return toValue(std::move(converted), r);
}

/// The key of an object property as the emitter writes it.
static std::string propertyKey(const std::string &key) {
  // "copy" would be read as a copy loop: escape it with an expression.
  if (llvm::StringRef(key).equals_insensitive("copy"))
    return "[string('" + key + "')]";
  // A literal key that would read as an expression: "[[...".
  if (llvm::StringRef(key).starts_with("["))
    return "[" + key;
  return key;
}

Value Lowerer::emitObject(const ObjectExpr *o, llvm::StringRef omitKind) {
  (void)omitKind;
  std::vector<Member> members;
  // Properties whose values are loops become one `copy` array, first.
  std::vector<std::pair<std::string, const ForExpr *>> loops;
  for (const ObjectItem &item : o->items)
    if (item.kind == ObjectItem::Kind::Property && keyIsLiteral(item))
      if (auto *f = llvm::dyn_cast_or_null<ForExpr>(item.value))
        loops.emplace_back(item.key->literal().str(), f);
  if (!loops.empty())
    members.push_back({"copy", o->range, emitCopyArray(loops, o->range)});
  for (const ObjectItem &item : o->items) {
    if (item.kind != ObjectItem::Kind::Property || !item.key)
      continue;
    if (keyIsLiteral(item) && llvm::isa_and_nonnull<ForExpr>(item.value))
      continue;
    std::string key = keyIsLiteral(item)
                          ? propertyKey(item.key->literal().str())
                          : serialize(convert(item.key));
    members.push_back({std::move(key), item.key->range, emit(item.value)});
  }
  return makeObject(std::move(members), o->range);
}

Value Lowerer::emitCopyArray(
    llvm::ArrayRef<std::pair<std::string, const ForExpr *>> loops,
    SourceRange r) {
  std::vector<Value> copies;
  for (const auto &[name, loop] : loops)
    copies.push_back(copyObject(name, loop, loop->body, loop->range));
  return Value::array(std::move(copies), r);
}

Value Lowerer::loopCount(const ForExpr *loop) {
  return Value::expression(
      makeCall("length", {convertIterable(loop)}, loop->iterable->range),
      loop->iterable->range);
}

/// Replaces copyIndex('x') by copyIndex('value') (module parameter loops).
static ExprPtr renameCopyIndex(const ExprPtr &e, llvm::StringRef to) {
  switch (e->getKind()) {
  case IRExpr::Kind::Call: {
    if (e->isCallTo("copyIndex") && e->args().size() == 1 &&
        e->args()[0]->getKind() == IRExpr::Kind::String)
      return makeCall(e->text(), {makeString(to, e->args()[0]->getRange())},
                      e->getRange());
    std::vector<ExprPtr> args;
    for (const ExprPtr &a : e->args())
      args.push_back(renameCopyIndex(a, to));
    return IRExpr::makeCall(e->text(), std::move(args), e->getRange());
  }
  case IRExpr::Kind::Member:
    return IRExpr::makeMember(renameCopyIndex(e->operandPtr(), to), e->text(),
                              e->getRange());
  case IRExpr::Kind::Index:
    return IRExpr::makeIndex(renameCopyIndex(e->operandPtr(), to),
                             renameCopyIndex(e->args()[1], to), e->getRange());
  default:
    return e;
  }
}

Value Lowerer::copyObject(llvm::StringRef name, const ForExpr *loop,
                          const ast::Expr *input, SourceRange r,
                          llvm::StringRef copyIndexOverride) {
  std::vector<Member> members;
  if (!name.empty())
    members.push_back({"name", r, Value::string(name.str(), r)});
  members.push_back({"count", r, loopCount(loop)});
  if (input) {
    size_t mark = locals.size();
    copyNames[loop] =
        name.empty() ? std::nullopt : std::optional<std::string>(name.str());
    locals.push_back({loop->itemName, LocalSym::Kind::Item, loop});
    if (!loop->indexName.empty())
      locals.push_back({loop->indexName, LocalSym::Kind::Index, loop});
    const ast::Expr *body = skipParens(const_cast<ast::Expr *>(input));
    Value value;
    bool direct = (llvm::isa<ObjectExpr>(body) &&
                   !hasSpread(llvm::cast<ObjectExpr>(body))) ||
                  (llvm::isa<StringExpr>(body) &&
                   llvm::cast<StringExpr>(body)->isLiteral());
    direct = direct && copyIndexOverride.empty();
    if (direct) {
      value = emit(body);
    } else {
      ExprPtr e = toFunction(convert(body));
      if (!copyIndexOverride.empty())
        e = renameCopyIndex(e, copyIndexOverride);
      value = Value::expression(e, body->range);
    }
    locals.resize(mark);
    members.push_back({"input", r, std::move(value)});
  }
  return makeObject(std::move(members), r);
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

static Value typeObject(llvm::StringRef type, SourceRange r) {
  return makeObject({{"type", r, Value::string(type.str(), r)}}, r);
}

static bool isAmbientType(llvm::StringRef name) {
  return name == "string" || name == "int" || name == "bool" ||
         name == "object" || name == "array" || name == "any";
}

/// Follows type aliases to the declaration that is not an alias.
const TypeNode *Lowerer::resolveTypeAlias(const TypeNode *t, int level) const {
  while (t && level < 32) {
    if (t->kind == TypeNode::Kind::Named && t->elements.empty()) {
      auto it = types.find(t->name);
      if (it == types.end())
        return t;
      t = it->second->value;
      ++level;
      continue;
    }
    if (t->kind == TypeNode::Kind::Nullable ||
        t->kind == TypeNode::Kind::NonNullable) {
      t = t->operand();
      continue;
    }
    return t;
  }
  return t;
}

/// The value of a literal type (`'a'`, `1`, `-1`, `true`, `null`), or of an
/// object or tuple type made only of literals.
std::optional<Value> Lowerer::literalValue(const TypeNode *t) {
  // Type aliases may form cycles (reported by the compiler, not here).
  if (++depth > 128) {
    --depth;
    return {};
  }
  auto done = llvm::make_scope_exit([&] { --depth; });
  t = resolveTypeAlias(t);
  if (!t)
    return std::nullopt;
  if (t->kind == TypeNode::Kind::Literal) {
    const ast::Expr *v = t->value;
    if (auto *s = llvm::dyn_cast_or_null<StringExpr>(v); s && !s->isLiteral())
      return std::nullopt;
    return emit(v);
  }
  // An object or tuple type of literal types is a literal type too
  // (TypeHelper.IsLiteralType).
  if (t->kind == TypeNode::Kind::Object) {
    std::vector<Member> members;
    for (const ObjectTypeProperty &p : t->properties) {
      std::optional<Value> v;
      if (!p.additional && p.decorators.empty())
        v = literalValue(p.type);
      if (!v)
        return std::nullopt;
      members.push_back({p.name.str(), p.nameRange, std::move(*v)});
    }
    return makeObject(std::move(members), t->range);
  }
  if (t->kind == TypeNode::Kind::Tuple) {
    std::vector<Value> items;
    for (const TupleTypeItem &item : t->tupleItems) {
      std::optional<Value> v;
      if (item.decorators.empty())
        v = literalValue(item.type);
      if (!v)
        return std::nullopt;
      items.push_back(std::move(*v));
    }
    return Value::array(std::move(items), t->range);
  }
  return std::nullopt;
}

/// The name the compiler gives the literal type of \p v: `'text'` with
/// Bicep escapes, `42`, `true`, `{ a: 1 }`.
static std::string literalTypeName(const Value &v) {
  switch (v.getKind()) {
  case Value::Kind::String: {
    std::string out = "'";
    llvm::StringRef s = v.getString();
    for (size_t i = 0; i != s.size(); ++i) {
      switch (s[i]) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '$':
        out += i + 1 < s.size() && s[i + 1] == '{' ? "\\$" : "$";
        break;
      default:
        out += s[i];
      }
    }
    return out + "'";
  }
  case Value::Kind::Integer:
    return std::to_string(v.getInteger());
  case Value::Kind::Boolean:
    return v.getBoolean() ? "true" : "false";
  case Value::Kind::Null:
    return "null";
  default:
    return v.toJson();
  }
}

/// Allowed values of a literal or union-of-literals type.
std::optional<Value> Lowerer::allowedValues(const TypeNode *t, bool keepNull) {
  // Type aliases may form cycles (reported by the compiler, not here).
  if (++depth > 128) {
    --depth;
    return {};
  }
  auto done = llvm::make_scope_exit([&] { --depth; });
  t = resolveTypeAlias(t);
  if (!t)
    return std::nullopt;
  if (t->kind == TypeNode::Kind::Literal) {
    std::optional<Value> v = literalValue(t);
    if (!v)
      return std::nullopt;
    return Value::array({*v}, t->range);
  }
  if (t->kind == TypeNode::Kind::Union) {
    std::vector<Value> values;
    unsigned level = 0;
    std::function<bool(const TypeNode *)> add = [&](const TypeNode *m) {
      m = resolveTypeAlias(m);
      if (!m || ++level > 256)
        return false;
      if (m->kind == TypeNode::Kind::Union) {
        for (const TypeNode *inner : m->elements)
          if (!add(inner))
            return false;
        return true;
      }
      std::optional<Value> v = literalValue(m);
      if (!v)
        return false;
      if (v->isNull() && !keepNull)
        return true; // nullability, not a value
      for (const Value &existing : values)
        if (existing.equals(*v))
          return true;
      values.push_back(std::move(*v));
      return true;
    };
    for (const TypeNode *m : t->elements)
      if (!add(m))
        return std::nullopt;
    // The compiler orders union members by their type names, ordinally:
    // strings by their quoted Bicep spelling, numbers by their digits.
    std::vector<std::pair<std::string, size_t>> keys;
    for (size_t i = 0; i != values.size(); ++i)
      keys.emplace_back(literalTypeName(values[i]), i);
    std::stable_sort(
        keys.begin(), keys.end(),
        [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<Value> sorted;
    for (const auto &k : keys)
      sorted.push_back(std::move(values[k.second]));
    return Value::array(std::move(sorted), t->range);
  }
  return std::nullopt;
}

/// string/int/bool/object/array for a type whose members share one.
std::string Lowerer::nonLiteralTypeName(const TypeNode *t) {
  // Type aliases may form cycles (reported by the compiler, not here).
  if (++depth > 128) {
    --depth;
    return {};
  }
  auto done = llvm::make_scope_exit([&] { --depth; });
  t = resolveTypeAlias(t);
  if (!t)
    return {};
  switch (t->kind) {
  case TypeNode::Kind::Literal: {
    const ast::Expr *v = skipParens(t->value);
    if (auto *u = llvm::dyn_cast_or_null<UnaryExpr>(v))
      v = u->op == UnaryOp::Minus ? u->operand : v;
    if (llvm::isa_and_nonnull<StringExpr>(v))
      return "string";
    if (llvm::isa_and_nonnull<IntegerExpr>(v))
      return "int";
    if (llvm::isa_and_nonnull<BooleanExpr>(v) ||
        llvm::isa_and_nonnull<UnaryExpr>(v))
      return "bool";
    return {};
  }
  case TypeNode::Kind::Named:
    if (isAmbientType(t->name) && t->name != "any")
      return t->name.str();
    return {};
  case TypeNode::Kind::Object:
    return "object";
  case TypeNode::Kind::Array:
  case TypeNode::Kind::Tuple:
    return "array";
  case TypeNode::Kind::Union: {
    std::string common;
    for (const TypeNode *m : t->elements) {
      const TypeNode *rm = resolveTypeAlias(m);
      if (rm && rm->kind == TypeNode::Kind::Literal &&
          llvm::isa_and_nonnull<NullExpr>(rm->value))
        continue;
      std::string name = nonLiteralTypeName(m);
      if (name.empty() || (!common.empty() && name != common))
        return {};
      common = name;
    }
    return common;
  }
  default:
    return {};
  }
}

/// The pointer to a type reference: `#/definitions/a/properties/b`.
static bool typePointer(const TypeNode *t, std::string &pointer,
                        const llvm::StringMap<const TypeDecl *> &types,
                        const llvm::StringMap<ImportedSym> &imports) {
  auto encode = [](llvm::StringRef s) {
    std::string out;
    for (char c : s) {
      if (c == '~')
        out += "~0";
      else if (c == '/')
        out += "~1";
      else
        out += c;
    }
    return out;
  };
  switch (t->kind) {
  case TypeNode::Kind::Named:
    if (!t->elements.empty())
      return false;
    if (types.count(t->name)) {
      pointer = "#/definitions/" + encode(t->name);
      return true;
    }
    if (auto it = imports.find(t->name); it != imports.end()) {
      pointer = "#/definitions/" + encode(it->second.armName);
      return true;
    }
    return false;
  case TypeNode::Kind::Property:
    if (!typePointer(t->operand(), pointer, types, imports))
      return false;
    pointer += "/properties/" + encode(t->name);
    return true;
  case TypeNode::Kind::Additional:
    if (!typePointer(t->operand(), pointer, types, imports))
      return false;
    pointer += "/additionalProperties";
    return true;
  case TypeNode::Kind::Items:
    if (!typePointer(t->operand(), pointer, types, imports))
      return false;
    pointer += "/items";
    return true;
  case TypeNode::Kind::Index: {
    if (!typePointer(t->operand(), pointer, types, imports))
      return false;
    const ast::Expr *index = skipParens(t->value);
    if (auto *i = llvm::dyn_cast_or_null<IntegerExpr>(index)) {
      pointer += "/prefixItems/" + llvm::utostr(i->value);
      return true;
    }
    if (auto *s = llvm::dyn_cast_or_null<StringExpr>(index);
        s && s->isLiteral()) {
      pointer += "/properties/" + encode(s->literal());
      return true;
    }
    return false;
  }
  default:
    return false;
  }
}

Value Lowerer::typeProperties(const TypeNode *t) {
  if (++depth > 128) {
    --depth;
    return makeObject({});
  }
  auto done = llvm::make_scope_exit([&] { --depth; });
  if (!t)
    return makeObject({});
  SourceRange r = t->range;
  switch (t->kind) {
  case TypeNode::Kind::Error:
    return makeObject({}, r);
  case TypeNode::Kind::Named: {
    if (t->name == "resourceInput" || t->name == "resourceOutput")
      return derivedTypeProperties(t, {});
    if (t->name == "any")
      return makeObject({}, r);
    std::string pointer;
    if (typePointer(t, pointer, types, imports))
      return makeObject({{"$ref", r, Value::string(pointer, r)}}, r);
    if (t->elements.empty() && !isAmbientType(t->name)) {
      // An imported type we cannot see (a registry file) or a wildcard
      // member: a reference to its definition.
      semanticError(r, "unknown type '" + t->name.str() + "'");
    }
    return typeObject(t->name, r);
  }
  case TypeNode::Kind::Property:
  case TypeNode::Kind::Index:
  case TypeNode::Kind::Items:
  case TypeNode::Kind::Additional: {
    // A member of a type imported with `import * as ns`: ns.typeName.
    if (t->kind == TypeNode::Kind::Property && t->operand() &&
        t->operand()->kind == TypeNode::Kind::Named) {
      auto it = wildcards.find(t->operand()->name);
      if (it != wildcards.end())
        return makeObject({{"$ref", r,
                            Value::string("#/definitions/" + it->second.prefix +
                                              "." + t->name.str(),
                                          r)}},
                          r);
    }
    // A part of a resource-derived type: resourceInput<'T@v'>.tags.
    {
      const TypeNode *root = t;
      std::vector<std::string> path;
      while (root && root->kind != TypeNode::Kind::Named) {
        switch (root->kind) {
        case TypeNode::Kind::Property:
          path.push_back("properties/" + root->name.str());
          break;
        case TypeNode::Kind::Additional:
          path.push_back("additionalProperties");
          break;
        case TypeNode::Kind::Items:
          path.push_back("items");
          break;
        case TypeNode::Kind::Index:
          if (auto *i =
                  llvm::dyn_cast_or_null<IntegerExpr>(skipParens(root->value)))
            path.push_back("prefixItems/" + llvm::utostr(i->value));
          else if (auto *s = llvm::dyn_cast_or_null<StringExpr>(
                       skipParens(root->value)))
            path.push_back("properties/" + s->literal().str());
          break;
        default:
          break;
        }
        root = root->operand();
      }
      if (root &&
          (root->name == "resourceInput" || root->name == "resourceOutput")) {
        std::reverse(path.begin(), path.end());
        return derivedTypeProperties(root, path, t);
      }
    }
    std::string pointer;
    if (typePointer(t, pointer, types, imports))
      return makeObject({{"$ref", r, Value::string(pointer, r)}}, r);
    return makeObject({}, r);
  }
  case TypeNode::Kind::Literal: {
    std::string name = nonLiteralTypeName(t);
    std::optional<Value> v = literalValue(t);
    if (!v)
      return makeObject({}, r);
    return makeObject({{"type", r, Value::string(name, r)},
                       {"allowedValues", r, Value::array({*v}, r)}},
                      r);
  }
  case TypeNode::Kind::Union: {
    bool nullable = false;
    for (const TypeNode *m : t->elements) {
      const TypeNode *rm = resolveTypeAlias(m);
      if (rm && rm->kind == TypeNode::Kind::Literal &&
          llvm::isa_and_nonnull<NullExpr>(rm->value))
        nullable = true;
      if (m && m->kind == TypeNode::Kind::Nullable)
        nullable = true;
    }
    std::vector<Member> members;
    std::string name = nonLiteralTypeName(t);
    if (!name.empty())
      members.push_back({"type", r, Value::string(name, r)});
    if (std::optional<Value> allowed = allowedValues(t))
      members.push_back({"allowedValues", r, std::move(*allowed)});
    if (nullable)
      members.push_back({"nullable", r, Value::boolean(true, r)});
    return makeObject(std::move(members), r);
  }
  case TypeNode::Kind::Resource: {
    std::string type;
    if (t->resourceType && t->resourceType->isLiteral())
      type = t->resourceType->literal().str();
    return makeObject(
        {{"type", r, Value::string("string", r)},
         {"metadata", r,
          makeObject({{"resourceType", r, Value::string(type, r)}}, r)}},
        r);
  }
  case TypeNode::Kind::Array: {
    std::vector<Member> members{{"type", r, Value::string("array", r)}};
    const TypeNode *item = t->operand();
    const TypeNode *ri = resolveTypeAlias(item);
    bool literal = ri &&
                   (ri->kind == TypeNode::Kind::Literal ||
                    ri->kind == TypeNode::Kind::Union) &&
                   item->kind != TypeNode::Kind::Named;
    std::optional<Value> allowed;
    if (literal)
      allowed = allowedValues(item, /*keepNull=*/true);
    if (allowed)
      members.push_back({"allowedValues", r, std::move(*allowed)});
    else
      members.push_back({"items", r, typeProperties(item)});
    return makeObject(std::move(members), r);
  }
  case TypeNode::Kind::Tuple: {
    std::vector<Value> items;
    for (const TupleTypeItem &item : t->tupleItems)
      items.push_back(
          applyModifiers(item.decorators, typeProperties(item.type), false));
    return makeObject({{"type", r, Value::string("array", r)},
                       {"prefixItems", r, Value::array(std::move(items), r)},
                       {"items", r, Value::boolean(false, r)}},
                      r);
  }
  case TypeNode::Kind::Object: {
    std::vector<Member> props;
    std::optional<Value> additional;
    for (const ObjectTypeProperty &p : t->properties) {
      Value schema =
          applyModifiers(p.decorators, typeProperties(p.type), false);
      if (p.additional)
        additional = std::move(schema);
      else
        props.push_back({p.name.str(), p.nameRange, std::move(schema)});
    }
    std::vector<Member> members{
        {"type", r, Value::string("object", r)},
        {"properties", r, makeObject(std::move(props), r)}};
    if (additional)
      members.push_back({"additionalProperties", r, std::move(*additional)});
    return makeObject(std::move(members), r);
  }
  case TypeNode::Kind::Nullable: {
    Value v = typeProperties(t->operand());
    mergeProperty(v, "nullable", Value::boolean(true, r));
    return v;
  }
  case TypeNode::Kind::NonNullable: {
    Value v = typeProperties(t->operand());
    mergeProperty(v, "nullable", Value::boolean(false, r));
    return v;
  }
  }
  llvm_unreachable("unknown type kind");
}

/// The type of a part of a resource body. Without the provider's schema the
/// primitive type is inferred from the property's name: the common string
/// and array properties are known, anything else is an object.
static llvm::StringRef derivedTypeName(llvm::ArrayRef<std::string> path) {
  if (path.empty())
    return "object";
  llvm::StringRef last = path.back();
  if (last.starts_with("items") || last.starts_with("prefixItems"))
    return "object";
  last.consume_front("properties/");
  if (llvm::is_contained({"name", "location", "kind", "etag", "description",
                          "displayName", "status", "publicNetworkAccess",
                          "type", "id", "version", "value", "state"},
                         last))
    return "string";
  if (last == "zones")
    return "array";
  // Plural names are lists, except the few objects named in the plural.
  if (last.ends_with("s") && !last.ends_with("Settings") &&
      !last.ends_with("Properties") && !last.ends_with("ss") &&
      !last.ends_with("Status") &&
      !llvm::is_contained({"tags", "properties", "settings", "parameters",
                           "customProperties", "credentials", "headers",
                           "outputs", "variables", "labels", "annotations",
                           "metadata", "params"},
                          last))
    return "array";
  return "object";
}

Value Lowerer::derivedTypeProperties(const TypeNode *root,
                                     llvm::ArrayRef<std::string> path,
                                     const TypeNode *whole) {
  SourceRange r = (whole ? whole : root)->range;
  std::string source;
  if (!root->elements.empty() && root->elements[0] &&
      root->elements[0]->kind == TypeNode::Kind::Literal)
    if (auto *s = llvm::dyn_cast_or_null<StringExpr>(root->elements[0]->value))
      source = s->literal().str();
  if (!path.empty()) {
    source += "#";
    for (size_t i = 0; i != path.size(); ++i)
      source += (i ? "/" : "") + path[i];
  }
  std::vector<Member> derived{{"source", r, Value::string(source, r)}};
  if (root->name == "resourceOutput")
    derived.push_back({"output", r, Value::boolean(true, r)});
  return makeObject({{"type", r, Value::string(derivedTypeName(path).str(), r)},
                     {"metadata", r,
                      makeObject({{"__bicep_resource_derived_type!", r,
                                   makeObject(std::move(derived), r)}},
                                 r)}},
                    r);
}

/// ApplyTypeModifiers: the decorators that shape a parameter, output, type
/// or type property.
Value Lowerer::applyModifiers(llvm::ArrayRef<Decorator> decorators,
                              Value object, bool isTypeDecl) {
  auto find = [&](llvm::StringRef name) -> const Decorator * {
    const Decorator *found = nullptr;
    for (const Decorator &d : decorators)
      if (d.name == name &&
          (d.nameSpace.empty() || d.nameSpace == "sys" || d.nameSpace == "az"))
        found = &d;
    return found;
  };
  auto arg = [&](const Decorator *d) {
    return d && !d->args.empty() ? emit(d->args[0]) : Value();
  };
  if (const Decorator *d = find("secure")) {
    if (const Value *type = object.get("type"); type && type->isString()) {
      if (type->getString() == "string")
        mergeProperty(object, "type", Value::string("securestring", d->range));
      else if (type->getString() == "object")
        mergeProperty(object, "type", Value::string("secureObject", d->range));
    }
  }
  if (const Decorator *d = find("sealed"))
    mergeProperty(object, "additionalProperties",
                  Value::boolean(false, d->range));
  if (isTypeDecl)
    if (const Decorator *d = find("export"))
      mergeProperty(object, "metadata",
                    makeObject({{"__bicep_export!", d->range,
                                 Value::boolean(true, d->range)}},
                               d->range));
  for (auto [decorator, property] :
       {std::pair{"metadata", "metadata"}, std::pair{"minLength", "minLength"},
        std::pair{"maxLength", "maxLength"}, std::pair{"minValue", "minValue"},
        std::pair{"maxValue", "maxValue"}, std::pair{"validate", "validate"}}) {
    if (const Decorator *d = find(decorator))
      mergeProperty(object, property, arg(d));
  }
  if (const Decorator *d = find("description"))
    mergeProperty(object, "metadata",
                  makeObject({{"description", d->range, arg(d)}}, d->range));
  return object;
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

/// The type properties of a declared type, with `@discriminator` unions.
static const Decorator *findDecorator(llvm::ArrayRef<Decorator> decorators,
                                      llvm::StringRef name) {
  for (const Decorator &d : decorators)
    if (d.name == name &&
        (d.nameSpace.empty() || d.nameSpace == "sys" || d.nameSpace == "az"))
      return &d;
  return nullptr;
}

void Lowerer::emitParameters(ir::Module &m) {
  for (const Decl *d : program.decls) {
    auto *p = llvm::dyn_cast<ParamDecl>(d);
    if (!p)
      continue;
    Value object = typeProperties(p->type);
    // A resource-derived type's primitive type comes from the provider's
    // schema, which we do not have: the parameter keeps the type's source,
    // and a primitive type only where a literal default says which it is.
    const Value *meta = object.get("metadata");
    bool derived = meta && meta->get("__bicep_resource_derived_type!");
    if (derived)
      llvm::erase_if(object.members(),
                     [](const Member &m) { return m.key == "type"; });
    if (p->defaultValue) {
      Value def = emit(p->defaultValue);
      if (derived) {
        const char *kind = def.isString()    ? "string"
                           : def.isInteger() ? "int"
                           : def.isBoolean() ? "bool"
                           : def.isArray()   ? "array"
                           : def.isObject()  ? "object"
                                             : nullptr;
        if (kind)
          mergeProperty(object, "type", Value::string(kind, p->range));
      }
      mergeProperty(object, "defaultValue", std::move(def));
    }
    if (const Decorator *allowed = findDecorator(p->decorators, "allowed");
        allowed && !allowed->args.empty())
      mergeProperty(object, "allowedValues", emit(allowed->args[0]));
    object = applyModifiers(p->decorators, std::move(object), false);
    object.setRange(p->range);

    ir::Parameter param;
    param.name = p->name.str();
    param.range = p->nameRange;
    if (const Value *type = object.get("type"); type && type->isString())
      param.type = type->getString();
    else if (const Value *ref = object.get("$ref"); ref && ref->isString())
      param.type = ref->getString();
    if (const Value *v = object.get("defaultValue"))
      param.defaultValue = *v;
    if (const Value *v = object.get("allowedValues"))
      param.allowedValues = *v;
    // @secure() allows only strings and objects; which one the schema has
    // is not known here.
    if (derived && param.type.empty() && findDecorator(p->decorators, "secure"))
      param.type = "secure";
    param.declaration = std::move(object);
    m.parameters.push_back(std::move(param));
  }
}

void Lowerer::emitVariables(ir::Module &m) {
  for (auto &[name, value] : functionVariables)
    m.variables.push_back({name, value.getRange(), value});
  // Loop variables are one `copy` variable, as ARM declares them.
  std::vector<Value> copies;
  SourceRange copyRange;
  for (const VarDecl *v : varOrder) {
    auto *loop = llvm::dyn_cast_or_null<ForExpr>(v->value);
    if (!loop)
      continue;
    // ARM computes variable copy loops before any resource is deployed.
    {
      size_t mark = locals.size();
      locals.push_back({loop->itemName, LocalSym::Kind::Item, loop});
      if (!loop->indexName.empty())
        locals.push_back({loop->indexName, LocalSym::Kind::Index, loop});
      if (needsInlining(loop->body))
        semanticError(loop->body->range,
                      "the loop of variable '" + v->name.str() +
                          "' reads a value known only during the deployment "
                          "(a resource's or module's state); a variable loop "
                          "needs values known at its start");
      locals.resize(mark);
    }
    if (shouldInline(vars[v->name]))
      continue;
    if (!copyRange.isValid())
      copyRange = v->range;
    copies.push_back(copyObject(v->name, loop, loop->body, loop->range));
  }
  if (!copies.empty())
    m.variables.push_back(
        {"copy", copyRange, Value::array(std::move(copies), copyRange)});
  for (const VarDecl *v : varOrder) {
    if (shouldInline(vars[v->name]) || llvm::isa_and_nonnull<ForExpr>(v->value))
      continue;
    m.variables.push_back({v->name.str(), v->nameRange, emit(v->value)});
  }
}

void Lowerer::emitFunctions(ir::Module &m) {
  for (const Decl *d : program.decls) {
    auto *f = llvm::dyn_cast<FuncDecl>(d);
    if (!f)
      continue;
    ir::Function fn;
    fn.qualifiedName = "__bicep." + f->name.str();
    fn.range = f->nameRange;
    size_t mark = locals.size();
    for (const FuncParam &p : f->params) {
      Value type = typeProperties(p.type);
      const Value *t = type.get("type");
      fn.parameters.emplace_back(p.name.str(),
                                 t && t->isString() ? t->getString() : "");
      locals.push_back({p.name, LocalSym::Kind::FuncParam, nullptr});
    }
    Value out = typeProperties(f->returnType);
    if (const Value *t = out.get("type"); t && t->isString())
      fn.outputType = t->getString();
    fn.output = emit(f->body);
    locals.resize(mark);
    m.functions.push_back(std::move(fn));
  }
}

/// Calls \p fn with the name of every variable (`variables('x')`) and user
/// function (`ns.f(...)`) that \p e reads.
static void
forEachReference(const ir::Expr &e,
                 llvm::function_ref<void(llvm::StringRef, bool)> fn) {
  switch (e.getKind()) {
  case ir::Expr::Kind::Call:
    if (e.isCallTo("variables") && e.args().size() == 1 &&
        e.args()[0]->getKind() == ir::Expr::Kind::String)
      fn(e.args()[0]->text(), /*function=*/false);
    else if (llvm::StringRef(e.text()).contains('.'))
      fn(e.text(), /*function=*/true);
    for (const ir::ExprPtr &a : e.args())
      if (a)
        forEachReference(*a, fn);
    break;
  case ir::Expr::Kind::Member:
    forEachReference(e.operand(), fn);
    break;
  case ir::Expr::Kind::Index:
    forEachReference(e.operand(), fn);
    forEachReference(e.index(), fn);
    break;
  default:
    break;
  }
}

static void
forEachReference(const Value &v,
                 llvm::function_ref<void(llvm::StringRef, bool)> fn) {
  if (v.expr())
    forEachReference(*v.expr(), fn);
  if (v.isArray() || v.isEnumerated())
    for (const Value &e : v.elements())
      forEachReference(e, fn);
  if (v.isObject())
    for (const Member &m : v.members())
      forEachReference(m.value, fn);
}

/// Copies the loop variable \p name of \p from into the `copy` variable of
/// \p m as \p armName; returns the copied loop, or null if there is none.
static const Value *copyImportedLoop(ir::Module &m, const ir::Module &from,
                                     llvm::StringRef name,
                                     llvm::StringRef armName) {
  for (const ir::Variable &v : from.variables) {
    if (v.name != "copy" || !v.value.isArray())
      continue;
    for (const Value &loop : v.value.elements()) {
      const Value *n = loop.get("name");
      if (!n || !n->isString() || n->getString() != name)
        continue;
      ir::Variable *copy = nullptr;
      for (ir::Variable &mine : m.variables)
        if (mine.name == "copy" && mine.value.isArray())
          copy = &mine;
      if (!copy) {
        m.variables.push_back({"copy", loop.getRange(), Value::array({})});
        copy = &m.variables.back();
      }
      Value renamed = loop;
      if (Value *key = renamed.get("name"))
        *key = Value::string(armName.str(), key->getRange());
      copy->value.elements().push_back(std::move(renamed));
      return &loop;
    }
  }
  return nullptr;
}

void Lowerer::emitImportedSymbols(ir::Module &m) {
  // The compiler copies an imported variable or function into the template,
  // with the variables and functions it reads (under their own names).
  struct Item {
    const ir::Module *from;
    std::string name;    ///< variable name, or qualified function name
    std::string armName; ///< its name here
    bool function;
  };
  std::vector<Item> work;
  for (auto &entry : imports) {
    const ImportedSym &s = entry.second;
    if (!s.kind || !s.exports || !s.exports->module ||
        *s.kind == ExportedSymbol::Kind::Type)
      continue;
    bool function = *s.kind == ExportedSymbol::Kind::Function;
    work.push_back({s.exports->module.get(),
                    (function ? "__bicep." : "") + s.name.str(),
                    (function ? "__bicep." : "") + s.armName, function});
  }
  for (auto &entry : wildcards) {
    const WildcardSym &w = entry.second;
    if (!w.exports || !w.exports->module)
      continue;
    for (auto &sym : w.exports->symbols) {
      if (sym.second.kind == ExportedSymbol::Kind::Type)
        continue;
      bool function = sym.second.kind == ExportedSymbol::Kind::Function;
      work.push_back({w.exports->module.get(),
                      (function ? "__bicep." : "") + sym.getKey().str(),
                      w.prefix + "." + sym.getKey().str(), function});
    }
  }
  llvm::StringSet<> declared;
  for (const ir::Variable &v : m.variables)
    declared.insert(v.name);
  for (const ir::Function &f : m.functions)
    declared.insert(f.qualifiedName);
  while (!work.empty()) {
    Item item = std::move(work.back());
    work.pop_back();
    if (!declared.insert(item.armName).second)
      continue;
    const Value *value = nullptr;
    if (item.function) {
      for (const ir::Function &f : item.from->functions)
        if (f.qualifiedName == item.name) {
          ir::Function copy = f;
          copy.qualifiedName = item.armName;
          m.functions.push_back(std::move(copy));
          value = &f.output;
          break;
        }
    } else {
      for (const ir::Variable &v : item.from->variables)
        if (v.name == item.name) {
          m.variables.push_back({item.armName, v.range, v.value});
          value = &v.value;
          break;
        }
      if (!value)
        value = copyImportedLoop(m, *item.from, item.name, item.armName);
    }
    if (!value)
      continue;
    forEachReference(*value, [&](llvm::StringRef name, bool function) {
      work.push_back({item.from, name.str(), name.str(), function});
    });
  }
}

void Lowerer::emitDefinitions(ir::Module &m) {
  std::vector<Member> defs;
  for (const Decl *d : program.decls) {
    auto *t = llvm::dyn_cast<TypeDecl>(d);
    if (!t)
      continue;
    Value object;
    const Decorator *disc = findDecorator(t->decorators, "discriminator");
    const TypeNode *value = t->value;
    if (disc && value && value->kind == TypeNode::Kind::Union &&
        !disc->args.empty()) {
      Value property = emit(disc->args[0]);
      std::vector<Member> mapping;
      llvm::StringRef key = property.isString() ? property.getString() : "";
      for (const TypeNode *member : value->elements) {
        const TypeNode *resolved = resolveTypeAlias(member);
        if (!resolved || resolved->kind != TypeNode::Kind::Object)
          continue;
        std::string tag;
        for (const ObjectTypeProperty &p : resolved->properties)
          if (p.name == key && p.type &&
              p.type->kind == TypeNode::Kind::Literal)
            if (auto *s = llvm::dyn_cast_or_null<StringExpr>(p.type->value))
              tag = s->literal().str();
        mapping.push_back({tag, member->range, typeProperties(member)});
      }
      object = makeObject(
          {{"type", value->range, Value::string("object", value->range)},
           {"discriminator", value->range,
            makeObject({{"propertyName", disc->range, property},
                        {"mapping", value->range,
                         makeObject(std::move(mapping), value->range)}},
                       value->range)}},
          value->range);
    } else {
      object = typeProperties(value);
    }
    object = applyModifiers(t->decorators, std::move(object), true);
    defs.push_back({t->name.str(), t->nameRange, std::move(object)});
  }
  if (!defs.empty())
    m.definitions = makeObject(std::move(defs));
}

/// Escapes literal strings that start with '[' the way the emitter writes
/// them ("[[..."), so the ARM lowering reads them back as literals.
static void escapeLiterals(Value &v) {
  if (v.isString()) {
    if (llvm::StringRef(v.getString()).starts_with("["))
      v = Value::string("[" + v.getString(), v.getRange());
    return;
  }
  for (Value &e : v.elements())
    escapeLiterals(e);
  for (Member &m : v.members())
    escapeLiterals(m.value);
}

/// Fills the fields the ARM lowering reads from a resource declaration.
static void fillResource(ir::Resource &r, Value body, FileId file,
                         DiagnosticEngine &diags) {
  // A deployment with an inline template: the template is a child module,
  // as the ARM lowering makes it.
  if (const Value *type = body.get("type");
      type && type->isString() &&
      llvm::StringRef(type->getString()).equals_insensitive(DeploymentsType))
    if (Value *props = body.get("properties"))
      if (Value *tmpl = props->get("template"); tmpl && tmpl->isObject()) {
        Value root = std::move(*tmpl);
        escapeLiterals(root);
        r.nested = arm::lowerTemplate(std::move(root), file, diags);
        llvm::erase_if(props->members(), [](const Member &m) {
          return llvm::StringRef(m.key).equals_insensitive("template");
        });
      }
  r.type = body.get("type") && body.get("type")->isString()
               ? body.get("type")->getString()
               : r.type;
  if (const Value *api = body.get("apiVersion"); api && api->isString())
    r.apiVersion = api->getString();
  if (const Value *v = body.get("existing"); v && v->isBoolean())
    r.existing = v->getBoolean();
  if (const Value *copy = body.get("copy"); copy && copy->isObject()) {
    ir::CopyLoop loop;
    loop.range = copy->getRange();
    if (const Value *n = copy->get("name"); n && n->isString())
      loop.name = n->getString();
    if (const Value *c = copy->get("count"))
      loop.count = *c;
    if (const Value *mode = copy->get("mode"); mode && mode->isString())
      loop.mode = mode->getString();
    if (const Value *b = copy->get("batchSize"))
      loop.batchSize = *b;
    r.copy = std::move(loop);
  }
  r.adoptBody(std::move(body));
}

void Lowerer::emitScopeProperties(const ScopeData &scope, Value &body,
                                  SourceRange at) {
  auto add = [&](llvm::StringRef key, ExprPtr e) {
    body.members().push_back({key.str(), at, toValue(e, at)});
  };
  switch (scope.kind) {
  case ScopeKind::Resource:
    if (release.unqualifiedExtensionScope())
      add("scope", unqualifiedId(*scope.resource, scope.index, at));
    else
      add("scope",
          fullyQualifiedId(scope.resource->scope, scope.resource->type,
                           nameSegments(*scope.resource, scope.index, at), at));
    return;
  case ScopeKind::Tenant:
    if (targetKind != ScopeKind::Tenant)
      add("scope", makeString("/", at));
    return;
  case ScopeKind::ManagementGroup:
    if (scope.managementGroupName) {
      ExprPtr name = convertScopePart(scope, scope.managementGroupName);
      if (targetKind != ScopeKind::Tenant &&
          targetKind != ScopeKind::ManagementGroup)
        add("scope",
            makeCall(
                "tenantResourceId",
                {makeString("Microsoft.Management/managementGroups", at), name},
                at));
      else
        add("scope",
            makeCall(
                "format",
                {makeString("Microsoft.Management/managementGroups/{0}", at),
                 name},
                at));
    }
    return;
  case ScopeKind::Subscription:
    if (scope.subscriptionId)
      add("subscriptionId", convertScopePart(scope, scope.subscriptionId));
    else if (targetKind == ScopeKind::ResourceGroup)
      add("subscriptionId", appendProperty(makeCall("subscription", {}, at),
                                           "subscriptionId", at));
    return;
  case ScopeKind::ResourceGroup:
    if (scope.subscriptionId)
      add("subscriptionId", convertScopePart(scope, scope.subscriptionId));
    if (scope.resourceGroupName)
      add("resourceGroup", convertScopePart(scope, scope.resourceGroupName));
    return;
  }
}

void Lowerer::emitResource(ir::Module &m, ResourceSym &r) {
  if (r.existing && !symbolicNames)
    return; // classic templates reference existing resources by id only
  SourceRange at = r.decl->range;
  std::vector<ResourceSym *> ancestors = ancestorsOf(r);

  // The body is read with the ancestors' bodies and loops in scope.
  size_t mark = locals.size();
  size_t scopeMark = resourceScopes.size();
  const ForExpr *loop = r.loop;
  std::string loopName =
      release.qualifiedCopyNames() ? r.symbol : r.decl->name.str();
  std::vector<const ast::Expr *> conditions;
  for (size_t i = 0; i != ancestors.size(); ++i) {
    ResourceSym *a = ancestors[i];
    // Only a syntactic parent passes its condition and loop on.
    ResourceSym *child = i + 1 < ancestors.size() ? ancestors[i + 1] : &r;
    if (!child->nested)
      continue;
    if (a->loop) {
      copyNames[a->loop] = std::nullopt;
      locals.push_back({a->loop->itemName, LocalSym::Kind::Item, a->loop});
      if (!a->loop->indexName.empty())
        locals.push_back({a->loop->indexName, LocalSym::Kind::Index, a->loop});
      if (!loop) {
        loop = a->loop;
        loopName =
            release.qualifiedCopyNames() ? a->symbol : a->decl->name.str();
      }
    }
    if (a->condition)
      conditions.push_back(a->condition);
  }
  for (ResourceSym *a = r.parent; a && r.nested;
       a = a->nested ? a->parent : nullptr)
    resourceScopes.insert(resourceScopes.begin() + scopeMark, a);
  resourceScopes.push_back(&r);
  if (r.loop) {
    copyNames[r.loop] = std::nullopt;
    locals.push_back({r.loop->itemName, LocalSym::Kind::Item, r.loop});
    if (!r.loop->indexName.empty())
      locals.push_back({r.loop->indexName, LocalSym::Kind::Index, r.loop});
  }
  if (r.condition)
    conditions.push_back(r.condition);

  Value body = makeObject({}, at);
  auto add = [&](llvm::StringRef key, Value v) {
    body.members().push_back({key.str(), at, std::move(v)});
  };
  if (loop) {
    std::vector<Member> copy{{"name", at, Value::string(loopName, at)},
                             {"count", at, loopCount(loop)}};
    if (const Decorator *batch = findDecorator(r.decl->decorators, "batchSize");
        batch && !batch->args.empty()) {
      copy.push_back({"mode", at, Value::string("serial", at)});
      copy.push_back({"batchSize", at, emit(batch->args[0])});
    }
    add("copy", makeObject(std::move(copy), loop->range));
  }
  if (!conditions.empty()) {
    if (conditions.size() == 1) {
      add("condition", emit(conditions.front()));
    } else {
      ExprPtr c = convert(conditions.front());
      for (size_t i = 1; i != conditions.size(); ++i)
        c = makeCall("and", {c, convert(conditions[i])}, at);
      add("condition", Value::expression(c, at));
    }
  }
  if (symbolicNames && r.existing)
    add("existing", Value::boolean(true, at));
  if (r.isAz) {
    add("type",
        Value::string(r.type,
                      r.decl->typeString ? r.decl->typeString->range : at));
    if (!r.apiVersion.empty())
      add("apiVersion", Value::string(r.apiVersion, at));
  } else {
    add("type", Value::string(r.type + "@" + r.apiVersion, at));
  }
  emitScopeProperties(r.scope, body, at);
  if (r.isAz) {
    SourceRange nameRange = r.name ? r.name->range : at;
    add("name", toValue(fullName(r, nameRange), nameRange));
  }
  if (r.body) {
    // The body's own properties, less those the compiler consumes.
    std::vector<ObjectItem> kept;
    for (const ObjectItem &item : r.body->items) {
      if (item.kind != ObjectItem::Kind::Property)
        continue;
      llvm::StringRef key = item.keyText();
      if (key == "dependsOn" ||
          (r.isAz && (key == "name" || key == "scope" || key == "parent")))
        continue;
      kept.push_back(item);
    }
    ObjectExpr filtered(r.body->range, kept);
    Value props = emitObject(&filtered);
    if (r.isAz) {
      for (Member &mem : props.members())
        body.members().push_back(std::move(mem));
    } else {
      add("properties", std::move(props));
    }
  }
  if (const Decorator *d = findDecorator(r.decl->decorators, "description");
      d && !d->args.empty())
    add("metadata", makeObject({{"description", d->range, emit(d->args[0])}}));

  locals.resize(mark);
  resourceScopes.resize(scopeMark);

  ir::Resource res;
  res.symbolicName = r.symbol;
  res.range = r.decl->range;
  res.typeRange = r.decl->typeString ? r.decl->typeString->range : at;
  // The compiled template declares every resource at the top level with its
  // full type and name; `parent` stays -1 as the ARM lowering leaves it.
  res.parent = -1;
  fillResource(res, std::move(body), program.file, diags);
  r.irIndex = static_cast<int>(m.resources.size());
  m.resources.push_back(std::move(res));
}

/// The value a module parameter passes (ConvertModuleParameter).
static bool isGetSecret(const ast::Expr *e) {
  auto *c =
      llvm::dyn_cast_or_null<CallExpr>(skipParens(const_cast<ast::Expr *>(e)));
  return c && c->base && c->name == "getSecret";
}

Value Lowerer::moduleParameters(ModuleSym &mod) {
  const ast::Expr *paramsExpr = mod.body ? mod.body->get("params") : nullptr;
  auto *params = llvm::dyn_cast_or_null<ObjectExpr>(
      skipParens(const_cast<ast::Expr *>(paramsExpr)));
  std::vector<Member> members;
  if (!params)
    return Value();
  if (hasSpread(params))
    return Value();

  // getSecret() passes a Key Vault reference.
  auto secretReference = [&](const CallExpr *c) -> ExprPtr {
    SourceRange r = c->range;
    const ast::Expr *index = nullptr;
    ResourceSym *kv = resourceOf(c->base, &index);
    ExprPtr id = kv ? resourceProperty(*kv, index, "id", false, r)
                    : makeCall("null", {}, r);
    std::vector<ExprPtr> args{
        makeString("keyVault", r),
        makeCall("createObject", {makeString("id", r), id}, r),
        makeString("secretName", r),
        c->args.empty() ? makeCall("null", {}, r) : convert(c->args[0])};
    if (c->args.size() > 1) {
      args.push_back(makeString("secretVersion", r));
      args.push_back(convert(c->args[1]));
    }
    return makeCall("createObject", std::move(args), r);
  };
  std::function<ExprPtr(const ast::Expr *)> paramExpr =
      [&](const ast::Expr *v) -> ExprPtr {
    v = skipParens(const_cast<ast::Expr *>(v));
    SourceRange r = v->range;
    if (auto *t = llvm::dyn_cast<TernaryExpr>(v))
      return makeCall("if",
                      {convert(t->condition), paramExpr(t->whenTrue),
                       paramExpr(t->whenFalse)},
                      r);
    if (isGetSecret(v))
      return makeCall("createObject",
                      {makeString("reference", r),
                       secretReference(llvm::cast<CallExpr>(v))},
                      r);
    return makeCall("createObject", {makeString("value", r), convert(v)}, r);
  };

  for (const ObjectItem &item : params->items) {
    if (item.kind != ObjectItem::Kind::Property || !keyIsLiteral(item))
      continue;
    std::string key = item.key->literal().str();
    SourceRange r = item.range;
    const ast::Expr *value = skipParens(item.value);
    Value v;
    if (auto *loop = llvm::dyn_cast_or_null<ForExpr>(value)) {
      v = makeObject(
          {{"copy", r,
            Value::array(
                {copyObject(key, loop, loop->body, loop->range, "value")}, r)}},
          r);
      // copyObject names the copy after the property; ARM wants 'value'.
      Value &copy = v.members().front().value.elements().front();
      if (Value *name = copy.get("name"))
        *name = Value::string("value", name->getRange());
    } else if (auto *t = llvm::dyn_cast_or_null<TernaryExpr>(value)) {
      v = Value::expression(paramExpr(t), r);
    } else if (isGetSecret(value)) {
      auto *c = llvm::cast<CallExpr>(value);
      const ast::Expr *index = nullptr;
      ResourceSym *kv = resourceOf(c->base, &index);
      ExprPtr id = kv ? resourceProperty(*kv, index, "id", false, r)
                      : makeCall("null", {}, r);
      std::vector<Member> ref{
          {"keyVault", r, makeObject({{"id", r, toValue(id, r)}}, r)},
          {"secretName", r, c->args.empty() ? Value() : emit(c->args[0])}};
      if (c->args.size() > 1)
        ref.push_back({"secretVersion", r, emit(c->args[1])});
      v = makeObject({{"reference", r, makeObject(std::move(ref), r)}}, r);
    } else if (ResourceSym *res = nullptr;
               mod.loaded.interface.resourceParams.count(key) &&
               (res = resourceOf(value, nullptr))) {
      const ast::Expr *index = nullptr;
      resourceOf(value, &index);
      v = makeObject(
          {{"value", r,
            toValue(resourceProperty(*res, index, "id", false, r), r)}},
          r);
    } else {
      v = makeObject({{"value", r, emit(value)}}, r);
    }
    members.push_back({key, item.key->range, std::move(v)});
  }
  return makeObject(std::move(members), params->range);
}

void Lowerer::emitModule(ir::Module &m, ModuleSym &mod) {
  SourceRange at = mod.decl->range;
  size_t mark = locals.size();
  if (mod.loop) {
    copyNames[mod.loop] = std::nullopt;
    locals.push_back({mod.loop->itemName, LocalSym::Kind::Item, mod.loop});
    if (!mod.loop->indexName.empty())
      locals.push_back({mod.loop->indexName, LocalSym::Kind::Index, mod.loop});
  }
  Value body = makeObject({}, at);
  auto add = [&](llvm::StringRef key, Value v) {
    body.members().push_back({key.str(), at, std::move(v)});
  };
  if (mod.loop) {
    std::vector<Member> copy{
        {"name", at, Value::string(mod.decl->name.str(), at)},
        {"count", at, loopCount(mod.loop)}};
    if (const Decorator *batch =
            findDecorator(mod.decl->decorators, "batchSize");
        batch && !batch->args.empty()) {
      copy.push_back({"mode", at, Value::string("serial", at)});
      copy.push_back({"batchSize", at, emit(batch->args[0])});
    }
    add("copy", makeObject(std::move(copy), mod.loop->range));
  }
  if (mod.condition)
    add("condition", emit(mod.condition));
  add("type", Value::string(DeploymentsType.str(), at));
  add("apiVersion",
      Value::string(release.nestedDeploymentApiVersion().str(), at));
  if (mod.body) {
    std::vector<ObjectItem> kept;
    for (const ObjectItem &item : mod.body->items) {
      if (item.kind != ObjectItem::Kind::Property)
        continue;
      llvm::StringRef key = item.keyText();
      if (key == "name" || key == "params" || key == "extensionConfigs" ||
          key == "scope" || key == "dependsOn")
        continue;
      kept.push_back(item);
    }
    ObjectExpr filtered(mod.body->range, kept);
    Value props = emitObject(&filtered);
    for (Member &mem : props.members())
      body.members().push_back(std::move(mem));
  }
  SourceRange nameRange = mod.nameExpr ? mod.nameExpr->range : at;
  add("name", toValue(moduleName(mod, nullptr, nameRange), nameRange));
  emitScopeProperties(mod.scope, body, at);
  if (mod.scope.kind != ScopeKind::ResourceGroup) {
    llvm::StringRef context =
        targetKind == ScopeKind::ResourceGroup ? "resourceGroup" : "deployment";
    add("location",
        Value::expression(
            appendProperty(makeCall(context, {}, at), "location", at), at));
  }
  std::vector<Member> props{
      {"expressionEvaluationOptions", at,
       makeObject({{"scope", at, Value::string("inner", at)}}, at)},
      {"mode", at, Value::string("Incremental", at)}};
  Value params = moduleParameters(mod);
  if (params.isObject())
    props.push_back({"parameters", at, std::move(params)});
  if (!mod.loaded.templateSpecId.empty())
    props.push_back(
        {"templateLink", at,
         makeObject({{"id", at, Value::string(mod.loaded.templateSpecId, at)}},
                    at)});
  add("properties", makeObject(std::move(props), at));
  if (const Decorator *d = findDecorator(mod.decl->decorators, "description");
      d && !d->args.empty())
    add("metadata", makeObject({{"description", d->range, emit(d->args[0])}}));
  locals.resize(mark);

  ir::Resource res;
  res.symbolicName = mod.decl->name.str();
  res.range = at;
  res.typeRange = mod.decl->path ? mod.decl->path->range : at;
  fillResource(res, std::move(body), program.file, diags);
  res.nested = std::move(mod.loaded.module);
  m.resources.push_back(std::move(res));
}

/// Two modules with the same literal name deployed to the same scope
/// overwrite each other's deployment.
void Lowerer::checkModuleNames() {
  std::map<std::string, std::vector<ModuleSym *>> byKey;
  for (ModuleSym &mod : moduleStore) {
    auto *name = llvm::dyn_cast_or_null<StringExpr>(
        skipParens(const_cast<ast::Expr *>(mod.nameExpr)));
    if (mod.loop || !name || !name->isLiteral())
      continue;
    Value scope = makeObject({});
    emitScopeProperties(mod.scope, scope, {});
    std::string key = name->literal().str() + "\n" +
                      std::to_string(static_cast<int>(mod.scope.kind)) +
                      scope.toJson();
    byKey[key].push_back(&mod);
  }
  for (auto &[key, mods] : byKey) {
    if (mods.size() < 2)
      continue;
    std::string names;
    for (ModuleSym *mod : mods)
      names += (names.empty() ? "'" : ", '") + mod->decl->name.str() + "'";
    for (ModuleSym *mod : mods)
      semanticError(mod->nameExpr->range,
                    "modules " + names +
                        " deploy with the same name to the same scope; each "
                        "would overwrite the other's deployment");
  }
}

void Lowerer::emitOutputs(ir::Module &m) {
  for (const OutputDecl *o : outputs) {
    SourceRange at = o->range;
    Value object;
    const TypeNode *type = o->type;
    bool resourceOutput = type && type->kind == TypeNode::Kind::Resource;
    if (resourceOutput && !type->resourceType) {
      // `output r resource = sym`: the type of the resource.
      std::string t;
      if (ResourceSym *res = resourceOf(o->value, nullptr))
        t = res->type + "@" + res->apiVersion;
      object = makeObject(
          {{"type", at, Value::string("string", at)},
           {"metadata", at,
            makeObject({{"resourceType", at, Value::string(t, at)}}, at)}},
          at);
    } else {
      object = typeProperties(type);
    }
    object = applyModifiers(o->decorators, std::move(object), false);

    ir::Output out;
    out.name = o->name.str();
    out.range = o->nameRange;
    // As the ARM lowering reads outputs: `type` and `metadata`. A
    // resource-derived type's primitive type comes from the provider's
    // schema, which we do not have: the output keeps the type's source only.
    if (Value *meta = object.get("metadata"))
      out.metadata = std::move(*meta);
    bool derived = out.metadata.get("__bicep_resource_derived_type!");
    if (const Value *t = object.get("type"); t && t->isString() && !derived)
      out.type = t->getString();
    if (auto *loop = llvm::dyn_cast_or_null<ForExpr>(o->value)) {
      // As the ARM lowering reads an output's `copy`.
      Value object = copyObject("", loop, loop->body, loop->range);
      ir::CopyLoop copy;
      copy.range = loop->range;
      copy.count = loopCount(loop);
      if (Value *input = object.get("input"))
        copy.input = std::move(*input);
      out.copy = std::move(copy);
    } else if (resourceOutput) {
      const ast::Expr *index = nullptr;
      if (ResourceSym *res = resourceOf(o->value, &index))
        out.value = toValue(resourceProperty(*res, index, "id", false, at), at);
      else
        out.value = toValue(convertAccess(o->value, makeString("id", at),
                                          o->value, false, false),
                            at);
    } else {
      out.value = emit(o->value);
    }
    m.outputs.push_back(std::move(out));
  }
}

//===----------------------------------------------------------------------===//
// Compile-time values of load*() calls
//===----------------------------------------------------------------------===//

namespace {

/// Finds the load*() calls the compiler hoists into `$fxv#N` variables, in
/// the order its visitor meets them (FunctionVariableGeneratorVisitor).
class FunctionVariableCollector {
public:
  explicit FunctionVariableCollector(
      std::function<void(const CallExpr *, bool directVar)> found)
      : found(std::move(found)) {}

  void visitDecl(const Decl *d) {
    for (const Decorator &dec : d->decorators)
      for (const ast::Expr *a : dec.args)
        visit(a, false);
    switch (d->kind) {
    case Decl::Kind::Param:
      visit(llvm::cast<ParamDecl>(d)->defaultValue, false);
      return;
    case Decl::Kind::Var:
      visit(llvm::cast<VarDecl>(d)->value, true);
      return;
    case Decl::Kind::Resource:
      visit(llvm::cast<ResourceDecl>(d)->body, false);
      return;
    case Decl::Kind::Module:
      visit(llvm::cast<ModuleDecl>(d)->body, false);
      return;
    case Decl::Kind::Output:
      visit(llvm::cast<OutputDecl>(d)->value, false);
      return;
    case Decl::Kind::Metadata:
    case Decl::Kind::Assert:
      visit(llvm::cast<ValueDecl>(d)->value, false);
      return;
    default:
      return;
    }
  }

private:
  void visit(const ast::Expr *e, bool directVar) {
    if (!e)
      return;
    if (auto *c = llvm::dyn_cast<CallExpr>(e))
      found(c, directVar);
    if (auto *o = llvm::dyn_cast<ObjectExpr>(e)) {
      for (const ObjectItem &item : o->items) {
        if (item.kind == ObjectItem::Kind::Resource && item.resource) {
          visitDecl(item.resource);
          continue;
        }
        visit(item.key, false);
        visit(item.value, false);
      }
      return;
    }
    forEachChild(e, [&](const ast::Expr *child) { visit(child, false); });
  }

  std::function<void(const CallExpr *, bool)> found;
};

} // namespace

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

static std::string schemaFor(llvm::StringRef scope) {
  if (scope == "tenant")
    return "https://schema.management.azure.com/schemas/2019-08-01/"
           "tenantDeploymentTemplate.json#";
  if (scope == "managementGroup")
    return "https://schema.management.azure.com/schemas/2019-08-01/"
           "managementGroupDeploymentTemplate.json#";
  if (scope == "subscription")
    return "https://schema.management.azure.com/schemas/2018-05-01/"
           "subscriptionDeploymentTemplate.json#";
  return "https://schema.management.azure.com/schemas/2019-04-01/"
         "deploymentTemplate.json#";
}

std::unique_ptr<ir::Module> Lowerer::run(ModuleInterface *interface) {
  bind();
  symbolicNames = decideSymbolicNames();

  // Hoist the load*() results the compiler hoists.
  FunctionVariableCollector collector([&](const CallExpr *c, bool directVar) {
    bool always = false;
    if (!release.hoistsLoadedContent() || !isLoadFunction(c, always) ||
        (!always && directVar))
      return;
    std::string name = "$fxv#" + std::to_string(functionVariables.size());
    SourceRange r = c->range;
    Value value;
    FileId loaded = 0;
    std::optional<std::string> contents;
    if (c->name == "loadDirectoryFileInfo") {
      std::optional<Value> files = loadDirectory(c);
      value = files ? std::move(*files)
                    : Value::unknown(makeCall(c->name, {}, r),
                                     "the directory is not available", r);
    } else if (!(contents = readLoadedFile(c, &loaded))) {
      value = Value::unknown(
          makeCall(c->name, {}, r),
          "the file read by " + c->name.str() + "() is not available", r);
    } else if (c->name == "loadJsonContent" || c->name == "loadYamlContent") {
      if (std::optional<Value> v = loadJson(c))
        value = std::move(*v);
      else
        value = Value::unknown(makeCall(c->name, {}, r),
                               c->name.str() + "() could not be evaluated", r);
    } else if (c->name == "loadFileAsBase64") {
      value = Value::string(llvm::encodeBase64(*contents), r);
    } else {
      llvm::StringRef text(*contents);
      if (text.starts_with("\xEF\xBB\xBF"))
        text = text.drop_front(3);
      value = Value::string(text.str(), r);
    }
    functionVariableNames[c] = name;
    functionVariables.emplace_back(name, std::move(value));
  });
  for (const Decl *d : program.decls)
    if (d->kind != Decl::Kind::Func)
      collector.visitDecl(d);
  llvm::sort(functionVariables,
             [](const auto &a, const auto &b) { return a.first < b.first; });

  auto m = std::make_unique<ir::Module>();
  m->file = program.file;
  m->range = {program.file, 0,
              static_cast<uint32_t>(
                  host.getSources().getContents(program.file).size())};
  m->schema = schemaFor(targetScope);
  m->contentVersion = "1.0.0.0";
  m->languageVersion = symbolicNames ? "2.0" : "";
  m->targetScope = targetScope;

  emitParameters(*m);
  emitVariables(*m);
  emitFunctions(*m);
  emitImportedSymbols(*m);
  emitDefinitions(*m);
  for (ResourceSym *r : resources)
    emitResource(*m, *r);
  checkModuleNames();
  for (ModuleSym &mod : moduleStore)
    emitModule(*m, mod);
  emitOutputs(*m);

  if (interface) {
    interface->targetScope = targetScope;
    for (auto &p : params)
      if (p.second.isResource)
        interface->resourceParams[p.getKey()] = true;
    for (const OutputDecl *o : outputs) {
      ModuleInterface::Output out;
      out.secure = o->findDecorator("secure") != nullptr;
      if (o->type && o->type->kind == TypeNode::Kind::Resource &&
          o->type->resourceType && o->type->resourceType->isLiteral())
        out.resourceType = o->type->resourceType->literal().str();
      interface->hasSecureOutputs |= out.secure;
      interface->outputs[o->name] = out;
    }
  }
  return m;
}

std::unique_ptr<ir::Module>
armor::bicep::lowerFile(const ParsedFile &file, LoweringHost &host,
                        DiagnosticEngine &diags, ModuleInterface *interface) {
  Lowerer lowerer(file, host, diags);
  return lowerer.run(interface);
}

ExportTable armor::bicep::collectExports(const ParsedFile &file) {
  ExportTable table;
  table.available = true;
  for (const Decl *d : file.program.decls) {
    if (!d->findDecorator("export"))
      continue;
    switch (d->kind) {
    case Decl::Kind::Type:
      table.symbols[d->name] = {ExportedSymbol::Kind::Type};
      break;
    case Decl::Kind::Var:
      table.symbols[d->name] = {ExportedSymbol::Kind::Variable};
      break;
    case Decl::Kind::Func:
      table.symbols[d->name] = {ExportedSymbol::Kind::Function};
      break;
    default:
      break;
    }
  }
  return table;
}

void Lowerer::runParams(ir::Module &module) {
  paramsMode = true;
  bind();
  for (const Decl *d : program.decls) {
    auto *p = llvm::dyn_cast<ParamDecl>(d);
    if (!p || !p->defaultValue)
      continue;
    ir::Parameter *param = module.findParameter(p->name);
    if (!param) {
      semanticError(p->nameRange, "parameter '" + p->name.str() +
                                      "' is not declared in the template");
      continue;
    }
    param->suppliedRange = p->nameRange;
    const ast::Expr *value = skipParens(p->defaultValue);
    // A Key Vault secret is never known here, and always secret.
    if (auto *c = llvm::dyn_cast_or_null<CallExpr>(value);
        c && c->name == "getSecret") {
      // getSecret(subscriptionId, resourceGroup, vault, secret[, version])
      std::string what = "secret";
      if (c->args.size() > 3)
        if (std::optional<std::string> name = constantString(c->args[3]))
          what = *name;
      param->suppliedValue = Value::unknown(
          makeCall("reference", {makeString(what, c->range)}, c->range),
          "parameter '" + param->name + "' is the Key Vault secret '" + what +
              "'",
          c->range);
      continue;
    }
    Value supplied = emit(p->defaultValue);
    checkSuppliedValue(*param, supplied, p->defaultValue->range);
    param->suppliedValue = std::move(supplied);
  }
}

/// Reports a constant supplied value that the parameter's type or allowed
/// values reject, as the compiler does for a .bicepparam file.
void Lowerer::checkSuppliedValue(const ir::Parameter &param, const Value &v,
                                 SourceRange at) {
  if (!v.isKnown())
    return;
  llvm::StringRef type(param.type);
  const char *actual = v.isString()    ? "string"
                       : v.isInteger() ? "int"
                       : v.isBoolean() ? "bool"
                       : v.isArray()   ? "array"
                       : v.isObject()  ? "object"
                       : v.isNull()    ? "null"
                                       : nullptr;
  std::string expected = type.lower();
  if (expected == "securestring")
    expected = "string";
  else if (expected == "secureobject")
    expected = "object";
  if (actual && !v.isNull() &&
      llvm::is_contained({"string", "int", "bool", "array", "object"},
                         llvm::StringRef(expected)) &&
      expected != actual) {
    semanticError(at, "parameter '" + param.name +
                          "' expects a value of type '" + expected +
                          "', but this value is of type '" + actual + "'");
    return;
  }
  if (param.allowedValues && param.allowedValues->isArray() &&
      v.isFullyKnown() && param.allowedValues->isFullyKnown() && !v.isArray()) {
    bool allowed = llvm::any_of(param.allowedValues->elements(),
                                [&](const Value &a) { return a.equals(v); });
    if (!allowed)
      semanticError(at, "the value " + v.toJson() +
                            " is not one of the "
                            "allowed values of parameter '" +
                            param.name + "'");
  }
}

void armor::bicep::applyParamsFile(const ParsedFile &file, ir::Module &module,
                                   LoweringHost &host,
                                   DiagnosticEngine &diags) {
  Lowerer lowerer(file, host, diags);
  lowerer.runParams(module);
}
