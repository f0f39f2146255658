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

/// The declaration members that have their own Resource field.
static Value Resource::*getField(llvm::StringRef key) {
  struct Entry {
    llvm::StringLiteral key;
    Value Resource::*field;
  };
  static const Entry fields[] = {{"name", &Resource::name},
                                 {"location", &Resource::location},
                                 {"tags", &Resource::tags},
                                 {"properties", &Resource::properties},
                                 {"condition", &Resource::condition},
                                 {"scope", &Resource::scope},
                                 {"dependsOn", &Resource::dependsOn}};
  for (const Entry &e : fields)
    if (key.equals_insensitive(e.key))
      return e.field;
  return nullptr;
}

void Resource::adoptBody(Value declaration) {
  body = std::move(declaration);
  if (!body.isObject())
    return;
  llvm::erase_if(body.members(), [&](Member &m) {
    Value Resource::*field = getField(m.key);
    if (!field)
      return false;
    this->*field = std::move(m.value);
    return true;
  });
}

const Value *Resource::getMember(llvm::StringRef key) const {
  if (Value Resource::*field = getField(key))
    return (this->*field).isNull() ? nullptr : &(this->*field);
  return body.get(key);
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
