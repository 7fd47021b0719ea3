-- expect: error E_SCRIPT
-- message: empty proxy
return runbook.define{ name = 'hostile', run = function(p)
for _, k in ipairs({'io', 'os', 'string', 'debug', 'load', 'print', '_G'}) do assert(rawget(_G, k) == nil, k) end error('empty proxy')
end }
