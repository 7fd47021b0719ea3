-- expect: error E_SCRIPT
-- message: attempt to call field 'format_disk'
return runbook.define{ name = 'hostile', run = function(p)
actions.format_disk{store = 1}
end }
