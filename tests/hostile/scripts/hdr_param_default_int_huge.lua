-- expect: error E_ARG_DOMAIN
-- known-failing: bindings/api/runbook_api.cpp define(): an integer default above 2^53 is accepted and converted with int64_t(1e300) (undefined; INT64_MIN here): request in notes/api_changes.md
return runbook.define{ name = 'x', params = { n = { type = 'integer', default = 1e300 } }, run = function(p) log.info('n=' .. p.n) end }
