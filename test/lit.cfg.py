# -*- Python -*-
# lit configuration for armor's tests: small inputs with RUN/CHECK lines.

import os
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "armor"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".json", ".bicep", ".bicepparam", ".test"]
config.excludes = ["Inputs", "unit", "corpus", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py.in", "sarif"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.armor_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["armor"], [config.armor_tools_dir])
config.substitutions.append(("%corpus", config.armor_corpus_dir))
config.substitutions.append(("%srcroot", config.armor_src_root))
config.substitutions.append(
    ("%expect_exit", '"%s" %s' % (sys.executable,
                                  os.path.join(config.armor_src_root, "test",
                                               "utils", "expect_exit.py"))))
config.substitutions.append(
    ("%sarif_summary", '"%s" %s' % (sys.executable,
                                    os.path.join(config.armor_src_root, "test",
                                                 "utils", "sarif_summary.py"))))
