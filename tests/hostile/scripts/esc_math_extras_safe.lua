-- expect: ok
-- message: math extras 1026
return runbook.define{ name = 'hostile', run = function(p)
local x = math.pow(2, 10) + math.log10(100) log.info('math extras ' .. x)
end }
