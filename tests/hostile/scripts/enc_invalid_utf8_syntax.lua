-- expect: error E_SYNTAX
return runbook.define{ ÿ name = 'x' }
