-- expect: ok
-- message: dry-run: would wait 0.01 s
-- The dry-run twin of api_wait_in_gsub_callback.lua: a dry-run wait does not
-- yield, so no C-call boundary is crossed.
return runbook.define{ name = 'hostile', run = function(p)
local s = ('x'):gsub('x', function() runbook.wait(0.01) end)
end }
