-- expect: ok
-- message: tried
return runbook.define{ name = 'pollute', run = function()
  pcall(function() string.upper = function() return 'PWNED' end end)
  pcall(rawset, string, 'upper', function() return 'PWNED' end)
  pcall(function() getmetatable('').__index.upper = function() return 'PWNED' end end)
  pcall(setmetatable, string, {})
  pcall(function() string.pwned = true end)
  pcall(function() table.concat = print end)
  math.randomseed(42)
  for i = 1, 100 do local x = math.random() end
  for i = 1, 100 do local x = tostring({}) end
  log.info('tried')
end }
