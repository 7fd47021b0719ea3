-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local function f(s) for w in s:gmatch('.') do ('y'):gsub('y', function() f('ab') end) end end f('ab')
end }
