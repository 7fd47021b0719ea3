-- expect: error E_SCRIPT
-- message: ...
return runbook.define{ name = 'hostile', run = function(p)
error(('x'):rep(1e6))
end }
