-- expect: ok
-- message: snapshot untouched
return runbook.define{ name = 'hostile', run = function(p)
local ss = cluster.stores() assert(getmetatable(ss) == nil) ss[1].id = -5 setmetatable(ss[1], {}) local again = cluster.stores() assert(again[1].id ~= -5 and getmetatable(again[1]) == nil) log.info('snapshot untouched')
end }
