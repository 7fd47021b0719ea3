-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'p', run = function()
  local ok, e = pcall(cluster.store, -1)
  e.code = 'E_LIMIT_CPU'
  e.message = '\27[2J'
  error(e)
end }
