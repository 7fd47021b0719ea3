-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local function cmp(a, b) coroutine.wrap(function() table.sort({3, 2, 1}, cmp) end)() return a < b end table.sort({3, 2, 1}, cmp)
end }
