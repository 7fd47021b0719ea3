-- expect: ok
-- message: left suspended
return runbook.define{ name = 'p', run = function()
  for i = 1, 500 do
    local co = coroutine.create(function() pcall(coroutine.yield, i) end)
    coroutine.resume(co)
  end
  local stuck = coroutine.create(function() runbook.step('abandoned', function() coroutine.yield() end) end)
  coroutine.resume(stuck)
  log.info('left suspended')
end }
