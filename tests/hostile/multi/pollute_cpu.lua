-- expect: error E_LIMIT_CPU
return runbook.define{ name = 'p', run = function()
  math.randomseed(7)
  while true do pcall(function() while true do end end) end
end }
