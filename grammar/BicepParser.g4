// BicepParser.g4 - the Bicep language (.bicep and .bicepparam files).
//
// The tokens come from a hand-written lexer (frontend/bicep/BicepLexer.cpp),
// which implements antlr4::TokenSource: it is several times faster than an
// ANTLR lexer, handles the string interpolation modes and drops comments and
// diagnostic pragmas. It merges consecutive line breaks (with the blank and
// comment-only lines between them) into one NL token, so the grammar never
// needs NL*.
//
// Shape rules that keep prediction in SLL mode (no full-context fallback):
//  - true/false/null are keywords, never identifiers;
//  - the contextual keywords are tokens of their own; a name position accepts
//    them through the `identifier` set; a type never starts with `resource`
//    (typeName), so `resource 'T'` decides in one token, and `[for x` and
//    `if (c) {` decide in a few (a variable may be named `if` or `for`);
//  - a lambda is a parenthesized list or a name followed by `=>`, both parsed
//    as what they would be without the arrow, so no alternative needs to look
//    past the closing parenthesis;
//  - decorators are plain `@ name(args)? (. name(args)?)*` followed by NL.
//
// Bicep is line-oriented: statements, object properties and array items are
// separated by line breaks (or commas), and NL appears exactly where the
// official parser accepts one.

parser grammar BicepParser;

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
  : LBRACE NL? (importedSymbol (separator importedSymbol)* separator?)? RBRACE
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

expression
  : binaryExpression (NL? QUESTION expression NL? COLON expression)?
  ;

// Precedence from high to low, all left-associative, as the official parser.
// The first alternative folds the unary, member and primary levels into one
// rule context: `-x.y[0]` is one node with suffixes.
binaryExpression
  : (EXCLAMATION | MINUS)? primaryExpression memberSuffix*
  | binaryExpression (ASTERISK | SLASH | MODULO) binaryExpression
  | binaryExpression (PLUS | MINUS) binaryExpression
  | binaryExpression (GT | GTE | LT | LTE) binaryExpression
  | binaryExpression (EQ | NEQ | EQI | NEQI) binaryExpression
  | binaryExpression AND binaryExpression
  | binaryExpression OR binaryExpression
  | binaryExpression COALESCE binaryExpression
  ;

memberSuffix
  : LSQUARE QUESTION? HAT? expression RSQUARE    # indexSuffix
  | DOT QUESTION? (IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR | KW_TYPE
    | KW_FUNC | KW_RESOURCE | KW_MODULE | KW_OUTPUT | KW_IMPORT | KW_EXTENSION
    | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING | KW_EXTENDS
    | KW_EXISTING | KW_IF | KW_FOR | KW_IN | KW_AS | KW_FROM | KW_WITH)
    arguments?                                   # propertySuffix
  | DOUBLE_COLON identifier                      # resourceAccessSuffix
  | EXCLAMATION                                  # nonNullSuffix
  ;

primaryExpression
  : (INTEGER | TRUE_LITERAL | FALSE_LITERAL | NULL_LITERAL)                      # literal
  | interpString                                                  # string
  | object                                                        # objectLiteral
  | array                                                         # arrayLiteral
  | forExpression                                                 # forLiteral
  | LPAREN NL? (expression (NL? COMMA NL? expression)* NL?)? RPAREN
    (ARROW NL? expression)?                                       # parenthesized
  | (IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR | KW_TYPE
    | KW_FUNC | KW_RESOURCE | KW_MODULE | KW_OUTPUT | KW_IMPORT | KW_EXTENSION
    | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING | KW_EXTENDS
    | KW_EXISTING | KW_IF | KW_FOR | KW_IN | KW_AS | KW_FROM | KW_WITH)
    (arguments | ARROW NL? expression)?                           # nameOrCall
  ;

arguments
  : LPAREN NL? (expression (COMMA NL? expression)* NL?)? RPAREN
  ;

interpString
  : STRING_COMPLETE
  | STRING_LEFT expression (STRING_MIDDLE expression)* STRING_RIGHT
  ;

// Elements are separated by a line break or a comma (and an optional line
// break after it); a trailing separator is allowed.
separator : COMMA NL? | NL ;

object
  : LBRACE NL? (objectElement (separator objectElement)* separator?)? RBRACE
  ;

objectElement
  : (decorator NL)* resourceDecl                 # nestedResource
  | ELLIPSIS expression                          # objectSpread
  | ((IDENTIFIER | KW_TARGET_SCOPE | KW_METADATA | KW_PARAM | KW_VAR | KW_TYPE
    | KW_FUNC | KW_RESOURCE | KW_MODULE | KW_OUTPUT | KW_IMPORT | KW_EXTENSION
    | KW_EXTENSION_CONFIG | KW_ASSERT | KW_TEST | KW_USING | KW_EXTENDS
    | KW_EXISTING | KW_IF | KW_FOR | KW_IN | KW_AS | KW_FROM | KW_WITH) | interpString)
    COLON expression                             # objectProperty
  ;

array
  : LSQUARE NL? (arrayElement (separator arrayElement)* separator?)? RSQUARE
  ;

arrayElement : ELLIPSIS? expression ;

forExpression
  : LSQUARE NL? KW_FOR forVariables KW_IN expression COLON NL? forBody NL? RSQUARE
  ;

forVariables
  : identifier
  | LPAREN identifier COMMA identifier RPAREN
  ;

forBody
  : ifCondition
  | expression
  ;

ifCondition
  : KW_IF LPAREN NL? expression NL? RPAREN object
  ;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

typeOrResource
  : KW_RESOURCE interpString?   # resourceType
  | typeExpression              # plainType
  ;

typeExpression
  : (NL? PIPE)? unaryType (NL? PIPE unaryType)*
  ;

unaryType
  : (EXCLAMATION | MINUS)? primaryType typeSuffix* (QUESTION | EXCLAMATION)*
  ;

typeSuffix
  : LSQUARE RSQUARE              # arrayTypeSuffix
  | LSQUARE ASTERISK RSQUARE     # itemsTypeSuffix
  | LSQUARE expression RSQUARE   # indexTypeSuffix
  | DOT ASTERISK                 # additionalPropertiesTypeSuffix
  | DOT identifier typeArguments? # propertyTypeSuffix
  ;

primaryType
  : (INTEGER | TRUE_LITERAL | FALSE_LITERAL | NULL_LITERAL)      # literalType
  | interpString                                  # stringType
  | LBRACE NL? (objectTypeProperty (separator objectTypeProperty)* separator?)?
    RBRACE                                        # objectType
  | LSQUARE NL? (tupleItem (separator tupleItem)* separator?)? RSQUARE # tupleType
  | LPAREN typeExpression RPAREN                  # parenthesizedType
  | typeName typeArguments?                       # namedType
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
