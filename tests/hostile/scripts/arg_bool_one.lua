-- expect: error E_PARAM
-- flags: --arg b=1
return runbook.define{ name = 'x', params = { n = { type = 'integer' }, x = { type = 'number' }, s = { type = 'string' }, b = { type = 'boolean' } }, run = function(p) log.info('n=' .. tostring(p.n) .. ' x=' .. tostring(p.x) .. ' s=' .. tostring(p.s) .. ' b=' .. tostring(p.b)) end }
