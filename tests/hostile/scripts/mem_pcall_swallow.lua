-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do pcall(function() local s = 'x' while true do s = s .. s end end) end
end }
