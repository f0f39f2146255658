//===- AnalysisManager.h - Cached analyses of modules -----------*- C++ -*-===//
///
/// \file
/// The shape of LLVM's new pass manager, without LLVMCore: an analysis is a
/// class with a static AnalysisKey, a `Result` type and a
/// `Result run(const ir::Module &, AnalysisManager &)`. getResult computes
/// it once per module and caches it; rules of one family share the result.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_ANALYSISMANAGER_H
#define ARMOR_PASSES_ANALYSISMANAGER_H

#include "ir/Module.h"

#include <map>
#include <memory>
#include <utility>

namespace armor {

/// The address of a static AnalysisKey identifies an analysis.
struct AnalysisKey {};

/// CRTP mixin: gives an analysis its ID from its private `key` member.
template <typename DerivedT> struct AnalysisInfoMixin {
  static AnalysisKey *ID() { return &DerivedT::key; }
};

class AnalysisManager {
public:
  /// Returns the analysis result for \p module, computing it on first use.
  template <typename AnalysisT>
  const typename AnalysisT::Result &getResult(const ir::Module &module) {
    using ResultT = typename AnalysisT::Result;
    auto key =
        std::make_pair(static_cast<const void *>(AnalysisT::ID()), &module);
    auto it = cache.find(key);
    if (it == cache.end()) {
      // Computed before insertion, so an analysis may ask for others.
      auto model = std::make_unique<ResultModel<ResultT>>(
          AnalysisT().run(module, *this));
      it = cache.emplace(key, std::move(model)).first;
    }
    return static_cast<ResultModel<ResultT> &>(*it->second).result;
  }

  /// Returns the cached result, or null if it was not computed.
  template <typename AnalysisT>
  const typename AnalysisT::Result *
  getCachedResult(const ir::Module &module) const {
    using ResultT = typename AnalysisT::Result;
    auto it = cache.find(
        std::make_pair(static_cast<const void *>(AnalysisT::ID()), &module));
    if (it == cache.end())
      return nullptr;
    return &static_cast<ResultModel<ResultT> &>(*it->second).result;
  }

  /// Drops every result (after a transform changed the IR).
  void invalidateAll() { cache.clear(); }

private:
  struct ResultConcept {
    virtual ~ResultConcept() = default;
  };
  template <typename ResultT> struct ResultModel : ResultConcept {
    explicit ResultModel(ResultT result) : result(std::move(result)) {}
    ResultT result;
  };

  std::map<std::pair<const void *, const ir::Module *>,
           std::unique_ptr<ResultConcept>>
      cache;
};

} // namespace armor

#endif // ARMOR_PASSES_ANALYSISMANAGER_H
