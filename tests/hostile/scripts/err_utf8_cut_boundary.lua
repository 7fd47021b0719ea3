-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
error(('\u{e9}'):rep(3000), 0)
end }
