-- expect: error E_SYNTAX
-- 64-bit literals create FFI cdata
-- message: 1LL
return runbook.define{ name = 'hostile', run = function(p)
local x = 1LL log.info(tostring(x))
end }
