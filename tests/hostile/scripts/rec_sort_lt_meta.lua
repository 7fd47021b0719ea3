-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local mt = {} mt.__lt = function(a, b) table.sort({setmetatable({}, mt), setmetatable({}, mt)}) return false end table.sort({setmetatable({}, mt), setmetatable({}, mt)})
end }
