-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
pcall(function() local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end end) while true do end
end }
