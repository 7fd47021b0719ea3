-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
actions.set_schedule_limit{kind = 'leader', limit = 1e9}
end }
