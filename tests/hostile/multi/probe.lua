-- expect: ok
-- message: fingerprint
-- Runs first and last in one `medic run` process with hostile runs between:
-- whatever they did, this run sees a pristine sandbox and logs the same
-- fingerprint both times (tostring ids, math.random sequence, API shape).
return runbook.define{ name = 'probe', run = function()
  assert(getmetatable('') == false, 'string metatable unlocked')
  assert(('x'):upper() == 'X' and string.upper('x') == 'X' and ('ab'):rep(2) == 'abab', 'string library changed')
  assert(string.dump == nil and ('').dump == nil, 'string.dump is back')
  assert(('x').pwned == nil and string.pwned == nil, 'string table polluted')
  for _, k in ipairs({'pwned', 'x', 'helper', 'leak', 'io', 'debug', 'load', 'loadstring', 'jit', 'ffi',
                      'require', 'package', 'getfenv', 'setfenv', 'newproxy', 'dofile'}) do
    assert(not pcall(function() return _G[k] end), 'global ' .. k .. ' exists')
  end
  assert(next(_G) == nil and getmetatable(_G) == false, '_G changed')
  for _, t in ipairs({string, table, math, os, bit, coroutine, actions, cluster, log, safety, runbook, runbook.E}) do
    assert(next(t) == nil and getmetatable(t) == false, 'a library table changed')
  end
  assert(table.concat({'a', 'b'}, ',') == 'a,b' and math.floor(2.5) == 2 and math.pi > 3.14, 'table/math changed')
  assert(os.execute == nil and type(os.time) == 'function', 'os changed')
  assert(coroutine.running() == nil, 'run thread visible')
  assert(collectgarbage('count') < 4096, 'heap of ' .. collectgarbage('count') .. ' KiB at the start')
  local ok, e = pcall(cluster.store, -1)
  assert(not ok and e.code == 'E_ARG_DOMAIN' and tostring(e):find('cluster.store', 1, true), 'host errors changed')
  local parts = { tostring({}), tostring(print), tostring(math.random()), tostring(math.random(1000)),
                  tostring(#cluster.stores()), runbook.E.LIMIT_CPU, tostring(safety.dry_run()),
                  tostring(#safety.limits().mode) }
  log.info('fingerprint ' .. table.concat(parts, ' '))
end }
