-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) e.message = '\27[2J\27]0;owned\7' .. ('x'):rep(1e5) e.where = '\27[31mevil' e.api = ('\n'):rep(100) error(e)
end }
