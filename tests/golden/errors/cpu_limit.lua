return runbook.define{ name = "golden", run = function(p)
while true do end
end }
