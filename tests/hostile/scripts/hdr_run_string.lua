-- expect: error E_ARG_TYPE
return runbook.define{ name = 'x', run = 'os.exit()' }
