-- expect: error E_SCRIPT
-- message: invalid value
return runbook.define{ name = 'hostile', run = function(p)
string.char(256)
end }
