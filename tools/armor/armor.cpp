//===- armor.cpp - The armor command line
//-----------------------------------===//
///
/// \file
/// Parses the command line (LLVM's CommandLine library, one subcommand per
/// verb) and hands over to the driver.
///
//===----------------------------------------------------------------------===//

#include "tools/armor/Driver.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace armor;
using namespace llvm;

static cl::OptionCategory armorCategory("armor options");

static cl::SubCommand checkCmd("check", "Analyze templates (files and "
                                        "directories, recursively)");
static cl::SubCommand irCmd("ir", "Print the evaluated IR in canonical form");
static cl::SubCommand outputsCmd("outputs",
                                 "Print the template's evaluated outputs");
static cl::SubCommand rulesCmd("rules", "List the rules");

static cl::list<std::string> checkInputs(cl::Positional, cl::OneOrMore,
                                         cl::desc("<path>..."),
                                         cl::sub(checkCmd));
static cl::opt<std::string> singleInput(cl::Positional, cl::Required,
                                        cl::desc("<file>"), cl::sub(irCmd),
                                        cl::sub(outputsCmd));

static cl::opt<OutputFormat> outputFormat(
    "format", cl::desc("Output format"), cl::init(OutputFormat::Text),
    cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style text"),
               clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(OutputFormat::Json, "json", "JSON findings")),
    cl::sub(checkCmd), cl::cat(armorCategory));
static cl::alias formatShort("f", cl::desc("Alias for --format"),
                             cl::aliasopt(outputFormat));
static cl::opt<std::string> outputPath("output", cl::desc("Write to <file>"),
                                       cl::value_desc("file"),
                                       cl::sub(checkCmd),
                                       cl::cat(armorCategory));
static cl::alias outputShort("o", cl::desc("Alias for --output"),
                             cl::aliasopt(outputPath));
static cl::opt<std::string> configPath("config",
                                       cl::desc("Configuration file (default: "
                                                ".armor.json found upward)"),
                                       cl::value_desc("file"),
                                       cl::sub(checkCmd),
                                       cl::cat(armorCategory));
static cl::opt<std::string>
    failOn("fail-on",
           cl::desc("Exit 1 on findings at or above: error|warning|note|none"),
           cl::init("error"), cl::sub(checkCmd), cl::cat(armorCategory));
static cl::opt<std::string>
    baseline("baseline", cl::desc("Earlier SARIF log to compare with"),
             cl::value_desc("file.sarif"), cl::sub(checkCmd),
             cl::cat(armorCategory));
static cl::opt<unsigned> jobs("j", cl::desc("Analyze N files in parallel"),
                              cl::value_desc("N"), cl::init(0),
                              cl::sub(checkCmd), cl::cat(armorCategory));
static cl::list<std::string> requireTag("require-tag",
                                        cl::desc("Require tag NAME[=VALUE]"),
                                        cl::value_desc("NAME[=VALUE]"),
                                        cl::sub(checkCmd),
                                        cl::cat(armorCategory));
static cl::list<std::string> allowedLocation("allowed-location",
                                             cl::desc("Allow location LOC"),
                                             cl::value_desc("LOC"),
                                             cl::sub(checkCmd),
                                             cl::cat(armorCategory));
static cl::opt<std::string> parameterFile("p", cl::desc("Parameter file"),
                                          cl::value_desc("file"),
                                          cl::sub(checkCmd), cl::sub(irCmd),
                                          cl::sub(outputsCmd),
                                          cl::cat(armorCategory));
static cl::list<std::string>
    excludes("exclude", cl::desc("Skip files and directories matching GLOB"),
             cl::value_desc("GLOB"), cl::sub(checkCmd), cl::cat(armorCategory));
static cl::opt<bool> noSnippet("no-snippet",
                               cl::desc("Do not echo source lines in text"),
                               cl::sub(checkCmd), cl::cat(armorCategory));
static cl::opt<bool> color("color", cl::desc("Color text output"),
                           cl::sub(checkCmd), cl::cat(armorCategory));

static void printVersion(raw_ostream &os) { os << "armor 0.1.0\n"; }

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::SetVersionPrinter(printVersion);
  std::string errors;
  raw_string_ostream errorStream(errors);
  if (!cl::ParseCommandLineOptions(
          argc, argv, "armor - a static compiler for Azure templates\n",
          &errorStream)) {
    errs() << errorStream.str();
    return ExitUsage;
  }

  if (irCmd)
    return runIR(singleInput, parameterFile);
  if (outputsCmd)
    return runOutputs(singleInput, parameterFile);
  if (rulesCmd)
    return runRules(outs());
  if (!checkCmd) {
    errs() << "armor: expected a command: check, ir, outputs or rules (see "
              "--help)\n";
    return ExitUsage;
  }

  CheckOptions options;
  options.inputs.assign(checkInputs.begin(), checkInputs.end());
  options.format = outputFormat;
  options.outputPath = outputPath;
  options.configPath = configPath;
  options.baselinePath = baseline;
  options.jobs = jobs;
  options.requiredTags.assign(requireTag.begin(), requireTag.end());
  options.allowedLocations.assign(allowedLocation.begin(),
                                  allowedLocation.end());
  options.parameterFile = parameterFile;
  options.excludes.assign(excludes.begin(), excludes.end());
  options.showSnippets = !noSnippet;
  options.color = color;
  std::optional<Level> level = parseLevel(failOn);
  if (!level) {
    errs() << "armor: --fail-on must be one of error, warning, note, none\n";
    return ExitUsage;
  }
  options.failOn = *level;
  return runCheck(options);
}
