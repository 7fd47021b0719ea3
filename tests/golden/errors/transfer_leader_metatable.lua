return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader(setmetatable({}, { __index = function() return 4 end }))
end }
