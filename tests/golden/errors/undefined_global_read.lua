return runbook.define{ name = "golden", run = function(p)
local s = cluster_stores_stub
end }
