-- expect: error E_LIMIT_LOG
return runbook.define{ name = 'p', run = function()
  while true do pcall(log.info, ('x'):rep(1000)) end
end }
