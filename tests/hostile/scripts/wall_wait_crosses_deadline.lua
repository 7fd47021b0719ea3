-- expect: error E_ARG_DOMAIN
-- message: got 0.6
-- flags: --wall-limit 1
-- known-failing: bindings/api/runbook_api.cpp wait(): a wait past the deadline is refused with "(number <= 0), got 0": both numbers are cut to integers (std::to_string(int64_t(s))), so the message contradicts the call; request in notes/api_changes.md
-- The second wait would end after the 1 s deadline: refused, with a message
-- that names the seconds asked for.
return runbook.define{ name = 'x', run = function()
  runbook.wait(0.6)
  runbook.wait(0.6)
end }
