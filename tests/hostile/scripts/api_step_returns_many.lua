-- expect: ok
-- message: returns kept
return runbook.define{ name = 'hostile', run = function(p)
local a, b, c = runbook.step('s', function() return 1, nil, 3 end) assert(a == 1 and b == nil and c == 3) log.info('returns kept')
end }
