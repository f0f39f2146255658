//===- Module.cpp - The typed resource IR ---------------------------------===//

#include "ir/Module.h"

using namespace armor;
using namespace armor::ir;

bool Parameter::isSecure() const {
  llvm::StringRef t(type);
  return t.equals_insensitive("securestring") ||
         t.equals_insensitive("secureobject");
}

llvm::StringRef Resource::shortType() const {
  return llvm::StringRef(type).rsplit('/').second;
}

template <typename T>
static T *findByName(std::vector<T> &items, llvm::StringRef name) {
  for (T &item : items)
    if (llvm::StringRef(item.name).equals_insensitive(name))
      return &item;
  return nullptr;
}

const Parameter *Module::findParameter(llvm::StringRef name) const {
  return findByName(const_cast<std::vector<Parameter> &>(parameters), name);
}

Parameter *Module::findParameter(llvm::StringRef name) {
  return findByName(parameters, name);
}

const Variable *Module::findVariable(llvm::StringRef name) const {
  return findByName(const_cast<std::vector<Variable> &>(variables), name);
}

const Resource *Module::findResourceBySymbol(llvm::StringRef symbol) const {
  for (const Resource &r : resources)
    if (!r.symbolicName.empty() && r.symbolicName == symbol)
      return &r;
  return nullptr;
}
