//===- Builtins.cpp - The table of built-in template functions ------------===//
///
/// \file
/// One lookup table over the per-category tables of the function library.
/// Names are case-insensitive, as ARM's are. Every `list*` name (listKeys,
/// listSecrets, ...) is the one generic list function.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"

#include "llvm/ADT/StringMap.h"

using namespace armor;
using namespace armor::eval;

static llvm::StringMap<const Builtin *> buildTable() {
  llvm::StringMap<const Builtin *> table;
  for (llvm::ArrayRef<Builtin> category :
       {getStringBuiltins(), getArrayBuiltins(), getLogicalBuiltins(),
        getNumericBuiltins(), getDateBuiltins(), getCidrBuiltins(),
        getDeploymentBuiltins(), getLambdaBuiltins()})
    for (const Builtin &builtin : category) {
      bool inserted =
          table.try_emplace(llvm::StringRef(builtin.name).lower(), &builtin)
              .second;
      assert(inserted && "a built-in is registered twice");
      (void)inserted;
    }
  return table;
}

const Builtin *armor::eval::lookupBuiltin(llvm::StringRef name) {
  static const llvm::StringMap<const Builtin *> table = buildTable();
  std::string key = name.lower();
  auto it = table.find(key);
  if (it != table.end())
    return it->second;
  if (llvm::StringRef(key).starts_with("list") && key.size() > 4)
    return table.lookup("list");
  return nullptr;
}
