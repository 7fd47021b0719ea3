-- expect: ok
-- message: ABCABC
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {__index = function(t, k) rawset(t, k, k:upper()) return k:upper() end}) local s = ('abcabc'):gsub('%a', t) log.info(s)
end }
