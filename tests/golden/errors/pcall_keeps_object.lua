return runbook.define{ name = "golden", run = function(p)
local ok, e = pcall(runbook.wait, -1)
error(e.code .. " | " .. e.subject .. " | " .. tostring(e), 0)
end }
