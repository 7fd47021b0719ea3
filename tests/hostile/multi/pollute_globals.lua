-- expect: ok
-- message: tried
return runbook.define{ name = 'pollute', run = function()
  pcall(function() pwned = 1 end)
  pcall(function() _G.leak = {} end)
  pcall(rawset, _G, 'helper', print)
  pcall(setmetatable, _G, {__index = function() return 'x' end})
  pcall(function() actions.transfer_leader = print end)
  pcall(function() runbook.E.LIMIT_CPU = 'nope' end)
  log.info('tried')
end }
