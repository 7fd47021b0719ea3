-- expect: error E_GLOBAL
-- message: 'require'
return runbook.define{ name = 'hostile', run = function(p)
local ffi = require('ffi') ffi.cdef('int system(const char*);') ffi.C.system('touch /tmp/medic_hostile_canary')
end }
