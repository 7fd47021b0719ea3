-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
error(('x'):rep(100000) .. ':12: spoofed', 0)
end }
