-- expect: ok
-- message: mutable copy changed
return runbook.define{ name = 'x', params = { n = { type = 'integer', default = 7 } }, run = function(p) p.n = 'changed' setmetatable(p, {}) log.info('mutable copy ' .. p.n) end }
