-- expect: error E_ARG_DOMAIN|E_ARG_TYPE
return runbook.define{ name = ('n'):rep(1e6), run = function() end }
