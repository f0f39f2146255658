# Writes OUTPUT: one `{"<id>", R"md(...)md"},` entry per docs/rules/<id>.md,
# so the SARIF help text always matches the docs page.
file(GLOB docs "${DOCS_DIR}/*.md")
list(SORT docs)
set(content "")
foreach(doc ${docs})
  get_filename_component(id "${doc}" NAME_WE)
  file(READ "${doc}" text)
  string(APPEND content "{\"${id}\", R\"armordoc(${text})armordoc\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
