-- expect: error E_GLOBAL
-- message: write global 'helper'
return runbook.define{ name = 'hostile', run = function(p)
function helper() end
end }
