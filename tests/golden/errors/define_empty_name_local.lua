local header = runbook.define{ name = "", run = function() end }
return header
