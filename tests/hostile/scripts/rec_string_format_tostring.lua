-- expect: error E_SCRIPT
-- message: string or number expected
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {__tostring = function(s) return string.format('%s', s) end}) local x = string.format('%s', t)
end }
