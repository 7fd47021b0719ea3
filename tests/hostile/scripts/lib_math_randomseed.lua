-- expect: ok
-- message: random ok
return runbook.define{ name = 'hostile', run = function(p)
math.randomseed(0/0) math.randomseed(2^60) local x = math.random() log.info('random ok')
end }
