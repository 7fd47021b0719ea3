-- expect: error E_SCRIPT
-- message: bad
return runbook.define{ name = 'hostile', run = function(p)
error('bad \255\254 bytes \192')
end }
