-- expect: error E_ARG_DOMAIN|E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
safety.approve{summary = 'x', details = ('d'):rep(1e7)}
end }
