-- expect: error E_ARG_DOMAIN|E_ARG_TYPE
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
safety.approve{summary = 'x', details = ('d'):rep(1e7)}
end }
