-- expect: error E_LIMIT_WALL
-- message: wall-clock deadline exceeded
-- flags: --wall-limit 1 --execute
return runbook.define{ name = 'hostile', run = function(p)
while true do runbook.wait(1e-9) end
end }
