-- expect: error E_LIMIT_CPU
-- message: cpu_toplevel_loop.lua:3: cpu time limit exceeded
while true do end
return runbook.define{ name = 'x', run = function() end }
