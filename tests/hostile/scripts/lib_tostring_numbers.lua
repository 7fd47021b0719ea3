-- expect: ok
-- message: inf
return runbook.define{ name = 'hostile', run = function(p)
log.info(tostring(0/0) .. ' ' .. tostring(-0) .. ' ' .. tostring(2^63) .. ' ' .. tostring(1e308 * 10))
end }
