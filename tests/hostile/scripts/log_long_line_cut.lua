-- expect: ok
-- message: after long
-- A 60000-byte line is accepted and cut to the per-line limit.
return runbook.define{ name = 'x', run = function()
  log.info(('x'):rep(60000))
  log.info('after long')
end }
