-- expect: error E_ARG_DOMAIN
-- message: hdr_define_error_position.lua:5
local a = 1
local b = 2
return runbook.define{ name = 'x', risk = 'bogus', run = function() end }
