# Writes OUTPUT: one `{"<stem>", R"armorpolicy(...)armorpolicy"},` entry per
# policies/builtin/<stem>.json, so the built-in policy definitions that
# required-tags and allowed-locations run ship inside the binary.
file(GLOB policies "${POLICY_DIR}/*.json")
list(SORT policies)
set(content "")
foreach(policy ${policies})
  get_filename_component(stem "${policy}" NAME_WE)
  file(READ "${policy}" text)
  string(APPEND content "{\"${stem}\", R\"armorpolicy(${text})armorpolicy\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
