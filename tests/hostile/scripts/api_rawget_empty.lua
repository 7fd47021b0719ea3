-- expect: error E_SCRIPT
-- message: proxies are empty
return runbook.define{ name = 'hostile', run = function(p)
assert(rawget(actions, 'transfer_leader') == nil) assert(rawget(cluster, 'stores') == nil) assert(rawget(string, 'upper') == nil) error('proxies are empty')
end }
