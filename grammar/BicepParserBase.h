//===- BicepParserBase.h - The generated parser's base class ----*- C++ -*-===//
///
/// \file
/// The generated parser (BicepParser.g4, option `superClass`) derives from
/// BicepParserBase, which takes the runtime's per-rule and per-token costs
/// off the hot path:
///
///  - the parser runs with setBuildParseTree(false) and records a compact
///    tree instead, from the rule entry and exit and the token consumption
///    hooks: one SyntaxNode per rule invocation and per token, from a bump
///    arena freed in one go (ANTLR's tree costs a heap allocation per rule
///    context, per token and per children vector);
///  - members that hide the runtime's for the generated rule functions:
///    `_tracker` places rule contexts in the same arena and never deletes
///    them, `finally` is a plain scope guard instead of a std::function,
///    `exitRule` and `getInterpreter` do without a dynamic_cast;
///  - BicepATNSimulator predicts from the DFA edges this thread has already
///    seen without taking the DFA's lock.
///
/// Token indexes in the tree are those of the tokens' getTokenIndex(): the
/// position of the token in the hand-written lexer's token vector.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_GRAMMAR_BICEPPARSERBASE_H
#define ARMOR_GRAMMAR_BICEPPARSERBASE_H

#include "antlr4-runtime.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace armor_bicep_gen {

/// A node of the compact parse tree: a rule invocation or a token.
struct SyntaxNode {
  class ChildIterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = const SyntaxNode *;
    using difference_type = std::ptrdiff_t;
    using pointer = const SyntaxNode *const *;
    using reference = const SyntaxNode *;

    explicit ChildIterator(const SyntaxNode *n) : n(n) {}
    const SyntaxNode *operator*() const { return n; }
    ChildIterator &operator++() {
      n = n->next;
      return *this;
    }
    bool operator==(const ChildIterator &o) const { return n == o.n; }
    bool operator!=(const ChildIterator &o) const { return n != o.n; }

  private:
    const SyntaxNode *n;
  };
  /// The children of a rule node, in order: a singly linked list.
  struct ChildList {
    SyntaxNode *head = nullptr;
    SyntaxNode *tail = nullptr;
    ChildIterator begin() const { return ChildIterator(head); }
    ChildIterator end() const { return ChildIterator(nullptr); }
    bool empty() const { return head == nullptr; }
    const SyntaxNode *front() const { return head; }
    size_t size() const {
      size_t n = 0;
      for (const SyntaxNode *c = head; c; c = c->next)
        ++n;
      return n;
    }
  };

  /// The rule index of a rule node, the token type of a token node.
  uint32_t kind = 0;
  /// A rule node: its first token (the lookahead when it was entered) and
  /// its last (the token before the lookahead when it exited, so before the
  /// first when it spans none), as ANTLR's start and stop tokens. A token
  /// node: the token's index, twice.
  uint32_t first = 0, last = 0;
  /// False for a rule that ended before any token was consumed at all.
  bool hasLast = true;
  bool isToken = false;
  /// A token consumed by error recovery (not part of any rule's syntax).
  bool isError = false;
  ChildList children;
  SyntaxNode *next = nullptr;

  size_t getRuleIndex() const { return kind; }
  size_t getType() const { return kind; }
};

/// A bump allocator: blocks that are freed together, never one by one.
class BumpArena {
public:
  void *allocate(size_t size, size_t align = alignof(std::max_align_t)) {
    size_t at = (used + align - 1) & ~(align - 1);
    if (blocks.empty() || at + size > capacity) {
      capacity = size > blockSize ? size : blockSize;
      blocks.push_back(std::unique_ptr<char[]>(new char[capacity]));
      at = 0;
    }
    used = at + size;
    return blocks.back().get() + at;
  }

private:
  static constexpr size_t blockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks;
  size_t used = 0;
  size_t capacity = 0;
};

/// The arena of the parse running on this thread, if any.
inline BumpArena *&currentParseArena() {
  thread_local BumpArena *arena = nullptr;
  return arena;
}

/// Prediction with a lock-free fast path: the DFA walk of adaptivePredict
/// over edges this thread has already read from the shared DFA. Anything
/// else (a missing edge, an error, predicates, full context) goes to the
/// runtime's adaptivePredict, which starts over from the same input.
class BicepATNSimulator final : public antlr4::atn::ParserATNSimulator {
public:
  BicepATNSimulator(antlr4::Parser *parser,
                    antlr4::atn::ParserATNSimulator &generated)
      : antlr4::atn::ParserATNSimulator(parser, generated.atn,
                                        generated.decisionToDFA,
                                        generated.getSharedContextCache()) {}

  size_t adaptivePredict(antlr4::TokenStream *input, size_t decision,
                         antlr4::ParserRuleContext *outerContext) override {
    antlr4::dfa::DFA &dfa = decisionToDFA[decision];
    antlr4::dfa::DFAState *s = dfa.s0;
    if (s && dfa.isPrecedenceDfa())
      s = edge(s, static_cast<size_t>(parser->getPrecedence()));
    for (ssize_t i = 1; s;) {
      size_t t = input->LA(i);
      antlr4::dfa::DFAState *d = edge(s, t);
      if (!d || (d->requiresFullContext &&
                 getPredictionMode() != antlr4::atn::PredictionMode::SLL))
        break;
      if (d->isAcceptState) {
        if (d->predicates.empty())
          return d->prediction;
        break;
      }
      s = d;
      if (t != antlr4::Token::EOF)
        ++i;
    }
    return antlr4::atn::ParserATNSimulator::adaptivePredict(input, decision,
                                                            outerContext);
  }

private:
  /// A direct-mapped cache of DFA edges. DFA states live as long as the
  /// generated parser's static DFA and an edge never changes its target once
  /// set, so an entry stays true.
  struct EdgeCache {
    struct Entry {
      const antlr4::dfa::DFAState *from = nullptr;
      size_t symbol = 0;
      antlr4::dfa::DFAState *to = nullptr;
    };
    static constexpr size_t size = 8192;
    std::unique_ptr<Entry[]> entries{new Entry[size]};
    Entry &slot(const antlr4::dfa::DFAState *from, size_t symbol) {
      size_t h = (reinterpret_cast<uintptr_t>(from) >> 4) * 31 + symbol;
      h ^= h >> 13;
      return entries[h & (size - 1)];
    }
  };

  /// The target of \p from on \p symbol; null if the DFA has none yet or it
  /// is the error state.
  antlr4::dfa::DFAState *edge(antlr4::dfa::DFAState *from, size_t symbol) {
    thread_local EdgeCache cache;
    EdgeCache::Entry &e = cache.slot(from, symbol);
    if (e.from == from && e.symbol == symbol)
      return e.to;
    _edgeLock.readLock();
    auto it = from->edges.find(symbol);
    antlr4::dfa::DFAState *to = it == from->edges.end() ? nullptr : it->second;
    _edgeLock.readUnlock();
    if (!to || to == ERROR.get())
      return nullptr;
    e.from = from;
    e.symbol = symbol;
    e.to = to;
    return to;
  }
};

/// The base of the generated parser: records the compact tree.
class BicepParserBase : public antlr4::Parser {
public:
  explicit BicepParserBase(antlr4::TokenStream *input) : antlr4::Parser(input) {
    setBuildParseTree(false);
  }
  ~BicepParserBase() override {
    // Contexts are never deleted, only their exceptions (error recovery
    // stores one in the context of the rule that failed) released.
    for (antlr4::ParserRuleContext *ctx : _tracker.contexts)
      ctx->exception = nullptr;
  }

  /// Replaces the generated parser's interpreter by a BicepATNSimulator
  /// over the same static DFA (call once, after construction).
  void useFastPrediction() {
    auto *generated =
        static_cast<antlr4::atn::ParserATNSimulator *>(_interpreter);
    auto *fast = new BicepATNSimulator(this, *generated);
    fast->setPredictionMode(generated->getPredictionMode());
    delete _interpreter;
    _interpreter = fast;
  }

  /// Hides Recognizer::getInterpreter, a dynamic_cast: the generated code
  /// asks for the interpreter at every prediction, and it is always a
  /// ParserATNSimulator (or a subclass installed by the caller).
  template <class T> T *getInterpreter() const {
    return static_cast<T *>(_interpreter);
  }

  /// Hides antlrcpp::finally, which wraps each rule's exit action in a
  /// std::function: the generated rule functions call it unqualified.
  template <class F> struct ScopeExit {
    F action;
    ~ScopeExit() { action(); }
  };
  template <class F> static ScopeExit<F> finally(F action) {
    return ScopeExit<F>{std::move(action)};
  }

  /// Hides Parser::_tracker for the generated rule functions: contexts come
  /// from the arena of the parse running on this thread (see
  /// currentParseArena) and are never deleted; with no parse tree built,
  /// they own nothing but an exception after an error.
  struct ContextTracker {
    template <class T, class... Args> T *createInstance(Args &&...args) {
      void *memory = currentParseArena()->allocate(sizeof(T), alignof(T));
      T *ctx = new (memory) T(std::forward<Args>(args)...);
      contexts.push_back(ctx);
      return ctx;
    }
    std::vector<antlr4::ParserRuleContext *> contexts;
  };
  ContextTracker _tracker;

  /// The root of the recorded tree: the node of the first rule invoked.
  const SyntaxNode *getTree() const { return root.children.head; }

  // The rule entry and exit hooks do what the runtime's do when there are
  // no parse listeners and no parse tree, and record the tree.

  void enterRule(antlr4::ParserRuleContext *localctx, size_t state,
                 size_t ruleIndex) override {
    setState(state);
    _ctx = localctx;
    _ctx->start = _input->LT(1);
    open(ruleIndex, _ctx->start);
  }
  /// Not virtual in the runtime: hides Parser::exitRule for the generated
  /// rule functions, its only callers (the runtime's does a dynamic_cast of
  /// the parent context).
  void exitRule() {
    _ctx->stop = close();
    setState(_ctx->invokingState);
    _ctx = static_cast<antlr4::ParserRuleContext *>(_ctx->parent);
  }
  void enterOuterAlt(antlr4::ParserRuleContext *localctx, size_t) override {
    _ctx = localctx;
  }
  void enterRecursionRule(antlr4::ParserRuleContext *localctx, size_t state,
                          size_t ruleIndex, int precedence) override {
    antlr4::Parser::enterRecursionRule(localctx, state, ruleIndex, precedence);
    open(ruleIndex, _input->LT(1));
  }
  /// The rule node recorded so far becomes the first child of a new node of
  /// the same rule, which takes its place.
  void pushNewRecursionContext(antlr4::ParserRuleContext *localctx,
                               size_t state, size_t ruleIndex) override {
    antlr4::Parser::pushNewRecursionContext(localctx, state, ruleIndex);
    SyntaxNode *previous = stack.back();
    stack.pop_back();
    close(previous);
    SyntaxNode *parent = stack.back();
    SyntaxNode *wrapper = newNode();
    wrapper->kind = static_cast<uint32_t>(ruleIndex);
    wrapper->first = previous->first;
    wrapper->children.head = wrapper->children.tail = previous;
    // `previous` is the last child of its parent: replace it there.
    if (parent->children.head == previous) {
      parent->children.head = wrapper;
    } else {
      SyntaxNode *before = parent->children.head;
      while (before->next != previous)
        before = before->next;
      before->next = wrapper;
    }
    parent->children.tail = wrapper;
    stack.push_back(wrapper);
  }
  void unrollRecursionContexts(antlr4::ParserRuleContext *parentctx) override {
    close();
    antlr4::Parser::unrollRecursionContexts(parentctx);
  }
  /// As the runtime's match, without the virtual getCurrentToken.
  antlr4::Token *match(size_t ttype) override {
    antlr4::Token *t = _input->LT(1);
    if (t->getType() != ttype)
      return antlr4::Parser::match(ttype); // recovery
    if (ttype == antlr4::Token::EOF)
      _matchedEOF = true;
    _errHandler->reportMatch(this);
    consume();
    return t;
  }
  /// As the runtime's consume with no parse tree and no parse listeners,
  /// and records the token.
  antlr4::Token *consume() override {
    antlr4::Token *t = _input->LT(1);
    if (t->getType() != antlr4::Token::EOF)
      _input->consume();
    SyntaxNode *leaf = newNode();
    leaf->kind = static_cast<uint32_t>(t->getType());
    leaf->first = leaf->last = static_cast<uint32_t>(t->getTokenIndex());
    leaf->isToken = true;
    leaf->isError = _errHandler->inErrorRecoveryMode(this);
    append(stack.back(), leaf);
    return t;
  }

private:
  SyntaxNode *newNode() {
    return new (currentParseArena()->allocate(
        sizeof(SyntaxNode), alignof(SyntaxNode))) SyntaxNode();
  }
  static void append(SyntaxNode *parent, SyntaxNode *child) {
    if (parent->children.tail)
      parent->children.tail->next = child;
    else
      parent->children.head = child;
    parent->children.tail = child;
  }
  /// Opens a rule node whose first token is \p start (the lookahead).
  void open(size_t ruleIndex, antlr4::Token *start) {
    SyntaxNode *n = newNode();
    n->kind = static_cast<uint32_t>(ruleIndex);
    n->first = start ? static_cast<uint32_t>(start->getTokenIndex()) : 0;
    append(stack.back(), n);
    stack.push_back(n);
  }
  /// Sets the last token of \p n as exitRule sets a context's stop token,
  /// and returns that token.
  antlr4::Token *close(SyntaxNode *n) {
    antlr4::Token *stop = _matchedEOF ? _input->LT(1) : _input->LT(-1);
    n->hasLast = stop != nullptr;
    n->last = stop ? static_cast<uint32_t>(stop->getTokenIndex()) : 0;
    return stop;
  }
  antlr4::Token *close() {
    antlr4::Token *stop = close(stack.back());
    if (stack.size() > 1)
      stack.pop_back();
    return stop;
  }

  SyntaxNode root;
  std::vector<SyntaxNode *> stack{&root};
};

} // namespace armor_bicep_gen

#endif // ARMOR_GRAMMAR_BICEPPARSERBASE_H
