-- expect: error E_SCRIPT
-- message: time out of range
return runbook.define{ name = 'hostile', run = function(p)
os.date('%c', 0/0)
end }
