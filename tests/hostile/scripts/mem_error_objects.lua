-- expect: error E_LIMIT_MEMORY|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local t = {} while true do local ok, e = pcall(cluster.store, -1) t[#t + 1] = {e, ('x'):rep(200) .. #t} end
end }
