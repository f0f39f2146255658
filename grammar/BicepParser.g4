// BicepParser.g4 - the Bicep language (.bicep and .bicepparam files).
//
// The tokens come from a hand-written lexer (frontend/bicep/BicepLexer.cpp),
// which implements antlr4::TokenSource: it is several times faster than an
// ANTLR lexer, handles the string interpolation modes and drops comments and
// diagnostic pragmas. It merges consecutive line breaks (with the blank and
// comment-only lines between them) into one NL token, so the grammar never
// needs NL*.
//
// Shape rules. The parser predicts with SLL first (full LL only after an
// error), and nearly every decision it makes is LL(1), compiled to a switch
// on the next token with no call into the prediction machinery:
//  - true/false/null are keywords, never identifiers;
//  - the contextual keywords are tokens of their own; a name position accepts
//    them through the `identifier` set; a type never starts with `resource`
//    (typeName), so `resource 'T'` decides in one token;
//  - the token stream (Parser.cpp, contextualize) settles what would need
//    two tokens of lookahead: `if` is a keyword only before '(' and `for`
//    only before a loop variable (else they are names, so a variable may be
//    named `if` or `for`), a keyword before ':' is a name (an object key),
//    and a line break before '?' or '|' (a ternary or union continued on
//    the next line) is dropped;
//  - an expression is one flat chain of operands and binary operators whose
//    precedence the builder applies: no left recursion, no precedence
//    predicates, one rule context per expression and one per operand;
//  - a lambda is an argument (or in parentheses): a parenthesized list or a
//    name, then `=>`, parsed as what they would be without the arrow, so no
//    alternative needs to look past the closing parenthesis;
//  - decorators are plain `@ name(args)? (. name(args)?)*` followed by NL.
// What is left for the prediction machinery: the statement list, element
// lists (a separator before an element or before the closing bracket),
// parenthesized lists, import lists.
//
// Bicep is line-oriented: statements, object properties and array items are
// separated by line breaks (or commas), and NL appears exactly where the
// official parser accepts one.

parser grammar BicepParser;

// The generated parser records a compact tree instead of ANTLR's parse tree
// (grammar/BicepParserBase.h).
options {
  superClass = BicepParserBase;
}

@parser::postinclude {
#include "BicepParserBase.h"
}

tokens {
  NL,
  IDENTIFIER,
  INTEGER,
  STRING_COMPLETE,
  STRING_LEFT,
  STRING_MIDDLE,
  STRING_RIGHT,
  TRUE_LITERAL,
  FALSE_LITERAL,
  NULL_LITERAL,
  // Contextual keywords.
  KW_TARGET_SCOPE,
  KW_METADATA,
  KW_PARAM,
  KW_VAR,
  KW_TYPE,
  KW_FUNC,
  KW_RESOURCE,
  KW_MODULE,
  KW_OUTPUT,
  KW_IMPORT,
  KW_EXTENSION,
  KW_EXTENSION_CONFIG,
  KW_ASSERT,
  KW_TEST,
  KW_USING,
  KW_EXTENDS,
  KW_EXISTING,
  KW_IF,
  KW_FOR,
  KW_IN,
  KW_AS,
  KW_FROM,
  KW_WITH,
  // Punctuation and operators.
  AT,
  LBRACE,
  RBRACE,
  LPAREN,
  RPAREN,
  LSQUARE,
  RSQUARE,
  COMMA,
  DOT,
  QUESTION,
  COLON,
  SEMICOLON,
  ASSIGN,
  PLUS,
  MINUS,
  ASTERISK,
  SLASH,
  MODULO,
  EXCLAMATION,
  LT,
  GT,
  LTE,
  GTE,
  EQ,
  NEQ,
  EQI,
  NEQI,
  AND,
  OR,
  COALESCE,
  DOUBLE_COLON,
  ARROW,
  PIPE,
  ELLIPSIS,
  HAT,
  UNRECOGNIZED
}

//===----------------------------------------------------------------------===//
// Files and statements
//===----------------------------------------------------------------------===//

program
  : NL? (statement (NL statement)* NL?)? EOF
  ;

statement
  : (decorator NL)* declaration
  ;

declaration
  : targetScopeDecl
  | metadataDecl
  | paramDecl
  | varDecl
  | typeDecl
  | funcDecl
  | resourceDecl
  | moduleDecl
  | outputDecl
  | importDecl
  | extensionDecl
  | extensionConfigDecl
  | assertDecl
  | testDecl
  | usingDecl
  | extendsDecl
  ;

decorator
  : AT identifier arguments? (DOT identifier arguments?)*
  ;

targetScopeDecl : KW_TARGET_SCOPE ASSIGN expression ;

metadataDecl : KW_METADATA identifier ASSIGN expression ;

// `param name type = default` in .bicep; `param name = value` in .bicepparam.
paramDecl : KW_PARAM identifier typeOrResource? (ASSIGN expression)? ;

varDecl : KW_VAR identifier typeExpression? ASSIGN expression ;

typeDecl : KW_TYPE identifier ASSIGN typeExpression ;

funcDecl
  : KW_FUNC identifier LPAREN NL? (typedParam (COMMA NL? typedParam)* NL?)? RPAREN
    typeExpression ARROW NL? expression
  ;

typedParam : identifier typeExpression ;

resourceDecl
  : KW_RESOURCE identifier interpString KW_EXISTING? ASSIGN NL? declBody
  ;

moduleDecl : KW_MODULE identifier interpString ASSIGN NL? declBody ;

// The value of a resource or module: an object, a condition or a loop.
declBody
  : object
  | ifCondition
  | forExpression
  ;

outputDecl : KW_OUTPUT identifier typeOrResource ASSIGN expression ;

importDecl
  : KW_IMPORT (importedSymbols | ASTERISK KW_AS identifier) KW_FROM interpString
  | KW_IMPORT interpString (KW_WITH object)? (KW_AS identifier)?
  ;

importedSymbols
  : LBRACE NL?
    (importedSymbol ((COMMA NL? | NL) importedSymbol)* (COMMA NL? | NL)?)?
    RBRACE
  ;

importedSymbol : (identifier | interpString) (KW_AS identifier)? ;

extensionDecl
  : KW_EXTENSION (identifier | interpString) (KW_WITH object)? (KW_AS identifier)?
  ;

extensionConfigDecl : KW_EXTENSION_CONFIG identifier KW_WITH object ;

assertDecl : KW_ASSERT identifier ASSIGN expression ;

testDecl : KW_TEST identifier interpString ASSIGN object ;

usingDecl : KW_USING (interpString | identifier) (KW_WITH object)? ;

extendsDecl : KW_EXTENDS interpString ;

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

// A chain of operands and binary operators, then an optional ternary. The
// builder applies precedence (high to low, all left-associative as in the
// official parser: * / %, + -, comparisons, equalities, &&, ||, ??), so the
// grammar needs no left recursion: every decision here is LL(1).
expression
  : operand
    ((ASTERISK | SLASH | MODULO | PLUS | MINUS | GT | GTE | LT | LTE | EQ | NEQ
    | EQI | NEQI | AND | OR | COALESCE) operand)*
    (QUESTION expression NL? COLON expression)?
  ;

// An optional prefix, a primary expression and its suffixes, flat in one
// rule context: `-x.y[0]` is one node.
operand
  : (EXCLAMATION | MINUS)?
    ( INTEGER | TRUE_LITERAL | FALSE_LITERAL | NULL_LITERAL
    | interpString
    | object
    | array
    | LPAREN NL?
      (expression (ARROW NL? expression)?
       (NL? COMMA NL? expression (ARROW NL? expression)?)* NL?)?
      RPAREN
    | (IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR | KW_TYPE
      | KW_FUNC | KW_RESOURCE | KW_MODULE | KW_OUTPUT | KW_IMPORT | KW_EXTENSION
      | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING | KW_EXTENDS
      | KW_EXISTING | KW_IN | KW_AS | KW_FROM | KW_WITH)
      arguments?
    )
    ( LSQUARE QUESTION? HAT? expression RSQUARE
    | DOT QUESTION?
      (IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR
      | KW_TYPE | KW_FUNC | KW_RESOURCE | KW_MODULE | KW_OUTPUT | KW_IMPORT
      | KW_EXTENSION | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING
      | KW_EXTENDS | KW_EXISTING | KW_IF | KW_FOR | KW_IN | KW_AS | KW_FROM
      | KW_WITH)
      arguments?
    | DOUBLE_COLON identifier
    | EXCLAMATION
    )*
  ;

// A lambda is an argument, `x => ...` or `(x, y) => ...`, or in parentheses,
// its parameters parsed as the expression they would be without the arrow
// (the official compiler accepts lambdas only as function arguments).
arguments
  : LPAREN NL?
    (expression (ARROW NL? expression)?
     (COMMA NL? expression (ARROW NL? expression)?)* NL?)?
    RPAREN
  ;

interpString
  : STRING_COMPLETE
  | STRING_LEFT expression (STRING_MIDDLE expression)* STRING_RIGHT
  ;

// The elements of objects, arrays, object types, tuples and import lists
// are separated by a line break or a comma (and an optional line break after
// it), `(COMMA NL? | NL)`, spelled out where it is used: a rule context per
// separator costs as much as one per element. A trailing separator is
// allowed.

object
  : LBRACE NL?
    (objectElement ((COMMA NL? | NL) objectElement)* (COMMA NL? | NL)?)?
    RBRACE
  ;

// A key named `resource` reaches the parser as an IDENTIFIER (the token
// stream turns a keyword followed by ':' into one), so a nested resource
// decides on its first token.
objectElement
  : (decorator NL)* resourceDecl
  | ELLIPSIS expression
  | ((IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR | KW_TYPE
    | KW_FUNC | KW_MODULE | KW_OUTPUT | KW_IMPORT | KW_EXTENSION
    | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING | KW_EXTENDS
    | KW_EXISTING | KW_IF | KW_FOR | KW_IN | KW_AS | KW_FROM | KW_WITH)
    | interpString)
    COLON expression
  ;

// An array literal or a loop (`for` is a keyword only where a loop variable
// follows it, see Parser.cpp).
array
  : LSQUARE NL?
    ( forClause
    | (ELLIPSIS? expression ((COMMA NL? | NL) ELLIPSIS? expression)*
       (COMMA NL? | NL)?)?
    )
    RSQUARE
  ;

forExpression : LSQUARE NL? forClause RSQUARE ;

forClause
  : KW_FOR forVariables KW_IN expression COLON NL?
    (ifCondition | expression) NL?
  ;

forVariables
  : identifier
  | LPAREN identifier COMMA identifier RPAREN
  ;

// `if` is a keyword only before '(' (see Parser.cpp).
ifCondition
  : KW_IF LPAREN NL? expression NL? RPAREN object
  ;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

typeOrResource
  : KW_RESOURCE interpString?
  | typeExpression
  ;

// A line break before '|' never reaches the parser (the token stream drops
// it), so a union decides on one token.
typeExpression
  : PIPE? unaryType (PIPE unaryType)*
  ;

unaryType
  : (EXCLAMATION | MINUS)? primaryType typeSuffix* (QUESTION | EXCLAMATION)*
  ;

typeSuffix
  : LSQUARE (ASTERISK | expression)? RSQUARE
  | DOT (ASTERISK | identifier typeArguments?)
  ;

primaryType
  : INTEGER | TRUE_LITERAL | FALSE_LITERAL | NULL_LITERAL
  | interpString
  | LBRACE NL?
    (objectTypeProperty ((COMMA NL? | NL) objectTypeProperty)*
     (COMMA NL? | NL)?)?
    RBRACE
  | LSQUARE NL? (tupleItem ((COMMA NL? | NL) tupleItem)* (COMMA NL? | NL)?)?
    RSQUARE
  | LPAREN typeExpression RPAREN
  | typeName typeArguments?
  ;

typeArguments
  : LT NL? (typeExpression (COMMA NL? typeExpression)* NL?)? GT
  ;

objectTypeProperty
  : (decorator NL)* (identifier | interpString | ASTERISK) COLON typeExpression
  ;

tupleItem : (decorator NL)* typeExpression ;

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

// A name where a declaration or decorator expects one. The hot places (a
// name in an expression, after '.', an object key) spell the same set out
// inline: a rule context per name costs an allocation in the parse tree.
identifier
  : IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR | KW_TYPE
  | KW_FUNC | KW_RESOURCE | KW_MODULE | KW_OUTPUT | KW_IMPORT | KW_EXTENSION
  | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING | KW_EXTENDS
  | KW_EXISTING | KW_IF | KW_FOR | KW_IN | KW_AS | KW_FROM | KW_WITH
  ;

// A name that starts a type: never `resource`.
typeName
  : IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR | KW_TYPE
  | KW_FUNC | KW_MODULE | KW_OUTPUT | KW_IMPORT | KW_EXTENSION
  | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING | KW_EXTENDS
  | KW_EXISTING | KW_IF | KW_FOR | KW_IN | KW_AS | KW_FROM | KW_WITH
  ;
