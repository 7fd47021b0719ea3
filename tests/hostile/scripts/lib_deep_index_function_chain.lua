-- expect: error E_SCRIPT
-- message: resolved nil
return runbook.define{ name = 'hostile', run = function(p)
local function mk(n) if n == 0 then return {} end local inner = mk(n - 1) return setmetatable({}, {__index = function(_, k) return inner[k] end}) end local t = mk(190) local x = t.missing error('resolved ' .. tostring(x))
end }
