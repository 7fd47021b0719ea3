-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
pcall(function() local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end end) while true do end
end }
