-- expect: ok
-- message: iterator ok
return runbook.define{ name = 'hostile', run = function(p)
local it = ('a b'):gmatch('%a') local x = it() local y = it() assert(x == 'a' and y == 'b' and it() == nil) log.info('iterator ok')
end }
