-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
local function h(e) error(e, 0) end local ok, e = xpcall(function() error('inner') end, h) error('after: ' .. tostring(ok))
end }
