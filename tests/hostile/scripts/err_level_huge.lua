-- expect: error E_SCRIPT
-- message: lvl
return runbook.define{ name = 'hostile', run = function(p)
error('lvl', 1e9)
end }
