-- expect: error E_LIMIT_MEMORY
return runbook.define{ name = 'p', run = function()
  local keep = {}
  while true do pcall(function() keep[#keep + 1] = ('x'):rep(4096) .. #keep end) end
end }
