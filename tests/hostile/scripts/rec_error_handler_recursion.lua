-- expect: error E_SCRIPT|E_LIMIT_MEMORY|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local function h(e) return xpcall(function() error(e) end, h) end xpcall(function() error('x') end, h) error('survived')
end }
