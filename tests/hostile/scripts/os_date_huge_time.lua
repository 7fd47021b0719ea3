-- expect: error E_SCRIPT
-- message: time out of range
return runbook.define{ name = 'hostile', run = function(p)
os.date('%c', 2^60)
end }
