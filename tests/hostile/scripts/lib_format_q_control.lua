-- expect: ok
-- message: "
return runbook.define{ name = 'hostile', run = function(p)
local s = string.format('%q', '\0\27\n\255') log.info(s)
end }
